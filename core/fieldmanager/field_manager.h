// The field manager: server-side apply and the tracking of field ownership in
// metadata.managedFields on every write, as the Kubernetes apiserver does it
// (apimachinery util/managedfields, structured-merge-diff).
//
//   - RecordUpdate: every create, update and non-apply patch (operation
//     "Update"): the fields the write added or changed become the manager's,
//     and are taken away from every other manager (an update always wins);
//     fields the write removed are nobody's. Objects that have no managed
//     fields stay untracked by updates; creates start tracking.
//   - Apply (application/apply-patch+yaml): the configuration is merged into
//     the live object by the schema's list and map types; the applier owns
//     exactly the fields of its configuration; fields it applied before and
//     dropped now are removed unless another manager owns them; changing a
//     field another manager owns is a conflict (409 with one cause per field)
//     unless `force`, which takes the field over.
//   - Upstream's compatibility rules: the first apply to an untracked object
//     records its existing fields as "before-first-apply"; the manager
//     "kubectl" may take over fields from client-side apply that still hold
//     their last-applied values, and keeps the last-applied annotation in
//     step when the object has one; at most 10 Update entries are kept.
//
// Functions are pure given their arguments and thread-compatible.
#ifndef EKSLITE_CORE_FIELDMANAGER_FIELD_MANAGER_H_
#define EKSLITE_CORE_FIELDMANAGER_FIELD_MANAGER_H_

#include <string>

#include "core/fieldmanager/field_set.h"
#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::fieldmanager {

inline constexpr std::string_view kLastAppliedAnnotation =
    "kubectl.kubernetes.io/last-applied-configuration";

// One write, as the field manager sees it.
struct Operation {
  std::string manager;      // the field manager, e.g. "kubectl-client-side-apply"
  std::string api_version;  // the request's, e.g. "apps/v1"
  std::string subresource;  // "" or "status"
  std::string now;          // RFC 3339, for the entry's time
  // The schema of the objects (null: deduced from the values).
  const schema::Message* message = nullptr;
  // Creates compare against the empty typed object (built-ins) or `{}`.
  bool typed_zero_object = true;
  // Fields this operation cannot own because the server resets them (the
  // status of a main-resource write, the spec of a status write).
  FieldSet ignored;
};

// The fields a write to `subresource` of a resource (with a status
// subresource or not) may not own.
FieldSet ResetFields(bool has_status, std::string_view subresource);

// Records the write of `object` (the new state, managedFields as the client
// sent them) over `live` (null for a create) in object.metadata.managedFields.
// Managed fields the client set explicitly are kept (an empty list resets
// them); otherwise the live ones carry over. Never fails: managed fields that
// cannot be decoded are dropped.
void RecordUpdate(const JsonValue* live, Json& object, const Operation& op);

// Applies `config` (the decoded apply patch, an object) to `live` (null when
// the object does not exist yet) and returns the new object with its
// managedFields. Errors: kConflict with upstream's message and one
// FieldManagerConflict cause per field; kBadRequest when `config` carries
// metadata.managedFields.
StatusOr<Json> Apply(const JsonValue* live, const JsonValue& config, const Operation& op,
                     bool force);

}  // namespace ekslite::fieldmanager

#endif  // EKSLITE_CORE_FIELDMANAGER_FIELD_MANAGER_H_
