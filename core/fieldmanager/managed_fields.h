// metadata.managedFields: who owns which fields of an object. Each entry is
// one manager's set of fields for one operation (Apply or Update), API
// version and subresource, with the time it last changed the object.
#ifndef EKSLITE_CORE_FIELDMANAGER_MANAGED_FIELDS_H_
#define EKSLITE_CORE_FIELDMANAGER_MANAGED_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/fieldmanager/field_set.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::fieldmanager {

inline constexpr std::string_view kApply = "Apply";
inline constexpr std::string_view kUpdate = "Update";
// Upstream keeps at most this many Update entries; older ones merge into
// "ancient-changes" entries (one per API version).
inline constexpr size_t kMaxUpdateManagers = 10;
inline constexpr std::string_view kAncientChanges = "ancient-changes";

struct ManagedEntry {
  std::string manager;
  std::string operation;  // kApply or kUpdate
  std::string api_version;
  std::string time;  // RFC 3339; "" when unset
  std::string subresource;
  FieldSet fields;

  bool applied() const { return operation == kApply; }
  // The same manager: name, operation and subresource, and for updates the
  // API version (an applier keeps one entry whatever version it applies in).
  bool SameManager(const ManagedEntry& other) const;
  // The manager as upstream names it in conflicts: `"kubectl"`,
  // `"helm" using apps/v1`, `"x" with subresource "status" using v1`.
  std::string Describe() const;
};

using ManagedEntries = std::vector<ManagedEntry>;

// Decodes metadata.managedFields (null or absent: no entries). kBadRequest
// for entries that are not objects or whose fieldsType is not FieldsV1.
// Entries of the same manager are merged.
StatusOr<ManagedEntries> DecodeManagedFields(const JsonValue* list);

// The managedFields of `object`'s metadata, or null.
const JsonValue* ManagedFieldsOf(const JsonValue& object);

// Writes `entries` into object.metadata.managedFields in upstream's order
// (Apply before Update, then by time, manager, API version, subresource),
// or removes the field when there are none.
void EncodeManagedFields(ManagedEntries entries, Json& object);

// Merges the oldest Update entries into "ancient-changes" entries until at
// most `max` Update entries remain.
void CapUpdateManagers(ManagedEntries* entries, size_t max = kMaxUpdateManagers);

// Removes the entries whose field set is empty.
void DropEmpty(ManagedEntries* entries);

// The fields no manager owns because the server sets or strips them
// (apiVersion, kind, metadata.name, metadata.uid, metadata.managedFields, ...).
const FieldSet& ServerOwnedFields();

}  // namespace ekslite::fieldmanager

#endif  // EKSLITE_CORE_FIELDMANAGER_MANAGED_FIELDS_H_
