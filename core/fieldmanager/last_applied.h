// The bridge between client-side apply's last-applied annotation and
// server-side apply (upstream's lastAppliedManager and lastAppliedUpdater),
// and the conflict error of an apply.
#ifndef EKSLITE_CORE_FIELDMANAGER_LAST_APPLIED_H_
#define EKSLITE_CORE_FIELDMANAGER_LAST_APPLIED_H_

#include <string>
#include <vector>

#include "core/fieldmanager/field_manager.h"
#include "core/fieldmanager/field_set.h"
#include "core/fieldmanager/managed_fields.h"
#include "core/fieldmanager/typed.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::fieldmanager {

// One field an apply would take from another manager.
struct Conflict {
  std::string manager;  // ManagedEntry::Describe() of the owner
  Path path;
};

// The 409 of an apply: "Apply failed with 1 conflict: conflict with
// \"kubectl-client-side-apply\" using apps/v1: .spec.replicas" (several
// conflicts are listed by manager), with one FieldManagerConflict cause per
// field.
Status ConflictError(const std::vector<Conflict>& conflicts);

// The fields of `live` that its last-applied annotation sets and that still
// hold the applied values: client-side apply's fields that "kubectl" may take
// over without a conflict. Empty when there is no annotation, or when it was
// written for another API version than `api_version`.
FieldSet AllowedConflicts(const JsonValue& live, const TypeRef& type, std::string_view api_version);

// True when `object` carries the last-applied annotation.
bool HasLastApplied(const JsonValue& object);

// Sets the last-applied annotation of `object` to `config` without its own
// annotation, encoded as kubectl encodes it (keys sorted, a final newline).
void SetLastApplied(Json& object, const JsonValue& config);

}  // namespace ekslite::fieldmanager

#endif  // EKSLITE_CORE_FIELDMANAGER_LAST_APPLIED_H_
