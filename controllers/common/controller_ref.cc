#include "controllers/common/controller_ref.h"

namespace ekslite::controllers {

std::vector<OwnerRef> OwnerRefsOf(const JsonValue& object) {
  std::vector<OwnerRef> refs;
  const JsonValue* list = Path(object, "metadata.ownerReferences");
  if (list == nullptr || !list->IsArray()) return refs;
  for (const JsonValue& entry : list->GetArray()) {
    OwnerRef ref;
    ref.uid = std::string(StringAt(entry, "uid"));
    if (ref.uid.empty()) continue;
    ref.api_version = std::string(StringAt(entry, "apiVersion"));
    ref.kind = std::string(StringAt(entry, "kind"));
    ref.name = std::string(StringAt(entry, "name"));
    const JsonValue* controller = Member(entry, "controller");
    ref.controller = controller != nullptr && controller->IsBool() && controller->GetBool();
    const JsonValue* block = Member(entry, "blockOwnerDeletion");
    ref.block_owner_deletion = block != nullptr && block->IsBool() && block->GetBool();
    refs.push_back(std::move(ref));
  }
  return refs;
}

std::optional<OwnerRef> ControllerOf(const JsonValue& object) {
  for (OwnerRef& ref : OwnerRefsOf(object)) {
    if (ref.controller) return std::move(ref);
  }
  return std::nullopt;
}

bool IsControlledBy(const JsonValue& object, std::string_view owner_uid) {
  std::optional<OwnerRef> ref = ControllerOf(object);
  return ref.has_value() && ref->uid == owner_uid;
}

Json MakeControllerRef(const JsonValue& owner, std::string_view api_version,
                       std::string_view kind) {
  Json ref(rapidjson::kObjectType);
  JsonAllocator& a = ref.GetAllocator();
  SetString(ref, "apiVersion", api_version, a);
  SetString(ref, "kind", kind, a);
  SetString(ref, "name", StringAt(owner, "metadata.name"), a);
  SetString(ref, "uid", StringAt(owner, "metadata.uid"), a);
  SetMember(ref, "controller", JsonValue(true), a);
  SetMember(ref, "blockOwnerDeletion", JsonValue(true), a);
  return ref;
}

void AddOwnerRef(JsonValue& object, const JsonValue& ref, JsonAllocator& a) {
  JsonValue& metadata = EnsureObject(object, "metadata", a);
  JsonValue* list = Member(metadata, "ownerReferences");
  if (list == nullptr || !list->IsArray()) {
    SetMember(metadata, "ownerReferences", JsonValue(rapidjson::kArrayType), a);
    list = Member(metadata, "ownerReferences");
  }
  list->PushBack(JsonValue(ref, a), a);
}

std::string AdoptPatch(const JsonValue& owner, std::string_view api_version,
                       std::string_view kind, std::string_view object_uid) {
  Json patch(rapidjson::kObjectType);
  JsonAllocator& a = patch.GetAllocator();
  JsonValue& metadata = EnsureObject(patch, "metadata", a);
  Json ref = MakeControllerRef(owner, api_version, kind);
  JsonValue refs(rapidjson::kArrayType);
  refs.PushBack(JsonValue(ref, a), a);
  SetMember(metadata, "ownerReferences", std::move(refs), a);
  SetString(metadata, "uid", object_uid, a);
  return ToJsonString(patch);
}

std::string ReleasePatch(std::string_view owner_uid, std::string_view object_uid) {
  Json patch(rapidjson::kObjectType);
  JsonAllocator& a = patch.GetAllocator();
  JsonValue& metadata = EnsureObject(patch, "metadata", a);
  JsonValue entry(rapidjson::kObjectType);
  SetString(entry, "$patch", "delete", a);
  SetString(entry, "uid", owner_uid, a);
  JsonValue refs(rapidjson::kArrayType);
  refs.PushBack(std::move(entry), a);
  SetMember(metadata, "ownerReferences", std::move(refs), a);
  SetString(metadata, "uid", object_uid, a);
  return ToJsonString(patch);
}

client::IndexFunc ControllerUidIndexFunc() {
  return [](const JsonValue& object) {
    std::vector<std::string> values;
    if (std::optional<OwnerRef> ref = ControllerOf(object)) values.push_back(ref->uid);
    return values;
  };
}

client::IndexFunc OwnerUidIndexFunc() {
  return [](const JsonValue& object) {
    std::vector<std::string> values;
    for (OwnerRef& ref : OwnerRefsOf(object)) values.push_back(std::move(ref.uid));
    return values;
  };
}

}  // namespace ekslite::controllers
