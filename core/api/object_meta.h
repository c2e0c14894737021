// Reading and validating metav1.ObjectMeta on JSON objects.
//
// The Get* accessors take a whole object ({"metadata": {...}, ...}) and
// return the field, or an empty/absent value when the object, its metadata or
// the field is missing or has the wrong JSON type. Returned string_views point
// into the object and live as long as it does.
//
// The validators produce upstream's field errors for metadata on create and
// update (1.32 apimachinery ValidateObjectMetaAccessor and
// ValidateObjectMetaAccessorUpdate, plus the extra finalizer rule the core
// validation package applies to built-in kinds). They assume schema
// validation has already rejected wrong JSON types; mistyped members are
// skipped. All functions are pure and thread-safe.
#ifndef EKSLITE_CORE_API_OBJECT_META_H_
#define EKSLITE_CORE_API_OBJECT_META_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/api/validation.h"
#include "core/json.h"

namespace ekslite::api {

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;
};

// One metadata.ownerReferences entry; missing members are empty/nullopt.
OwnerReference OwnerReferenceFromJson(const JsonValue& ref);

// The "metadata" object of `object`, or nullptr.
const JsonValue* Metadata(const JsonValue& object);

std::string_view GetName(const JsonValue& object);
std::string_view GetGenerateName(const JsonValue& object);
std::string_view GetNamespace(const JsonValue& object);
std::string_view GetUid(const JsonValue& object);
std::string_view GetResourceVersion(const JsonValue& object);
std::string_view GetCreationTimestamp(const JsonValue& object);
// metadata.generation, 0 when absent.
int64_t GetGeneration(const JsonValue& object);
// metadata.deletionTimestamp; nullopt when the object is not being deleted.
std::optional<std::string_view> GetDeletionTimestamp(const JsonValue& object);
std::map<std::string, std::string> GetLabels(const JsonValue& object);
std::map<std::string, std::string> GetAnnotations(const JsonValue& object);
std::vector<OwnerReference> GetOwnerReferences(const JsonValue& object);
// The owner reference with controller: true, if any (the first one).
std::optional<OwnerReference> GetControllerRef(const JsonValue& object);
std::vector<std::string> GetFinalizers(const JsonValue& object);
bool HasFinalizer(const JsonValue& object, std::string_view finalizer);

// Validates `metadata` (the ObjectMeta JSON object) of an object being
// created, after generateName has been turned into a name. Fields are
// reported under "metadata.":
//   generateName  checked with `name_validator(generateName, true)`
//   name          Required "name or generateName is required", or each
//                 problem from `name_validator(name, false)`
//   namespace     Required when `namespaced`, a DNS label; Forbidden "not
//                 allowed on this type" otherwise
//   generation    non-negative
//   labels, annotations, ownerReferences, finalizers, managedFields
// `builtin_kind` adds the rule built-in kinds follow (not custom resources): a
// finalizer without '/' must be "kubernetes", "orphan" or
// "foregroundDeletion".
ErrorList ValidateObjectMeta(const JsonValue& metadata, bool namespaced,
                             const NameValidator& name_validator, bool builtin_kind = true);

// Validates `new_meta` replacing `old_meta` on update: resourceVersion
// required, generation not decremented, name/namespace/uid/creationTimestamp/
// deletionTimestamp/deletionGracePeriodSeconds immutable ("field is
// immutable"), no new finalizers once deleting, and the label, annotation,
// owner reference and managed field rules of ValidateObjectMeta.
ErrorList ValidateObjectMetaUpdate(const JsonValue& new_meta, const JsonValue& old_meta,
                                   bool builtin_kind = true);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_OBJECT_META_H_
