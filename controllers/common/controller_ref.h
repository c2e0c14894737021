// Owner references: who controls an object (the one ownerReference with
// controller=true), building the reference a controller stamps on what it
// creates, and the patches that adopt an orphan or release an object a
// controller's selector no longer matches.
#ifndef EKSLITE_CONTROLLERS_COMMON_CONTROLLER_REF_H_
#define EKSLITE_CONTROLLERS_COMMON_CONTROLLER_REF_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/indexer.h"
#include "core/json.h"

namespace ekslite::controllers {

// One metadata.ownerReferences entry.
struct OwnerRef {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  bool controller = false;
  bool block_owner_deletion = false;
};

// Every ownerReference of `object` (entries without a uid are skipped).
std::vector<OwnerRef> OwnerRefsOf(const JsonValue& object);
// The controlling reference, if any.
std::optional<OwnerRef> ControllerOf(const JsonValue& object);
// True when `object`'s controller has uid `owner_uid`.
bool IsControlledBy(const JsonValue& object, std::string_view owner_uid);

// The reference a controller puts on objects it creates: controller=true,
// blockOwnerDeletion=true, pointing at `owner` (which has metadata.name and
// .uid) of `api_version`/`kind`.
Json MakeControllerRef(const JsonValue& owner, std::string_view api_version,
                       std::string_view kind);
// Appends `ref` to `object`'s metadata.ownerReferences.
void AddOwnerRef(JsonValue& object, const JsonValue& ref, JsonAllocator& a);

// A strategic merge patch that makes `owner` the controller of the object
// with uid `object_uid` (the uid guards against a replaced object).
std::string AdoptPatch(const JsonValue& owner, std::string_view api_version,
                       std::string_view kind, std::string_view object_uid);
// A strategic merge patch removing the reference to `owner_uid` from the
// object with uid `object_uid`.
std::string ReleasePatch(std::string_view owner_uid, std::string_view object_uid);

// An index of objects by their controller's uid, so an owner finds what it
// controls without scanning: informer->AddIndexers({{kControllerUidIndex,
// ControllerUidIndexFunc()}}).
inline constexpr std::string_view kControllerUidIndex = "controller-uid";
client::IndexFunc ControllerUidIndexFunc();
// Indexes objects under the uid of every owner they reference.
inline constexpr std::string_view kOwnerUidIndex = "owner-uid";
client::IndexFunc OwnerUidIndexFunc();

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_COMMON_CONTROLLER_REF_H_
