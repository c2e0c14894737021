#include "core/api/object_meta.h"

#include <algorithm>

namespace ekslite::api {
namespace {

std::string_view MetaString(const JsonValue& object, std::string_view field) {
  const JsonValue* meta = Metadata(object);
  if (meta == nullptr) return {};
  const JsonValue* v = Member(*meta, field);
  return v != nullptr && v->IsString() ? View(*v) : std::string_view();
}

std::map<std::string, std::string> MetaStringMap(const JsonValue& object, std::string_view field) {
  std::map<std::string, std::string> out;
  const JsonValue* meta = Metadata(object);
  const JsonValue* v = meta == nullptr ? nullptr : Member(*meta, field);
  if (v == nullptr || !v->IsObject()) return out;
  for (const auto& m : v->GetObject()) {
    if (m.value.IsString()) out[std::string(View(m.name))] = std::string(View(m.value));
  }
  return out;
}

std::optional<bool> OptionalBool(const JsonValue& object, std::string_view field) {
  const JsonValue* v = Member(object, field);
  if (v == nullptr || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}

}  // namespace

OwnerReference OwnerReferenceFromJson(const JsonValue& ref) {
  OwnerReference out;
  out.api_version = std::string(StringAt(ref, "apiVersion"));
  out.kind = std::string(StringAt(ref, "kind"));
  out.name = std::string(StringAt(ref, "name"));
  out.uid = std::string(StringAt(ref, "uid"));
  out.controller = OptionalBool(ref, "controller");
  out.block_owner_deletion = OptionalBool(ref, "blockOwnerDeletion");
  return out;
}

const JsonValue* Metadata(const JsonValue& object) {
  const JsonValue* meta = Member(object, "metadata");
  return meta != nullptr && meta->IsObject() ? meta : nullptr;
}

std::string_view GetName(const JsonValue& object) { return MetaString(object, "name"); }
std::string_view GetGenerateName(const JsonValue& object) {
  return MetaString(object, "generateName");
}
std::string_view GetNamespace(const JsonValue& object) { return MetaString(object, "namespace"); }
std::string_view GetUid(const JsonValue& object) { return MetaString(object, "uid"); }
std::string_view GetResourceVersion(const JsonValue& object) {
  return MetaString(object, "resourceVersion");
}
std::string_view GetCreationTimestamp(const JsonValue& object) {
  return MetaString(object, "creationTimestamp");
}

int64_t GetGeneration(const JsonValue& object) {
  return IntAt(object, "metadata.generation").value_or(0);
}

std::optional<std::string_view> GetDeletionTimestamp(const JsonValue& object) {
  const JsonValue* meta = Metadata(object);
  const JsonValue* v = meta == nullptr ? nullptr : Member(*meta, "deletionTimestamp");
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return View(*v);
}

std::map<std::string, std::string> GetLabels(const JsonValue& object) {
  return MetaStringMap(object, "labels");
}

std::map<std::string, std::string> GetAnnotations(const JsonValue& object) {
  return MetaStringMap(object, "annotations");
}

std::vector<OwnerReference> GetOwnerReferences(const JsonValue& object) {
  std::vector<OwnerReference> out;
  const JsonValue* meta = Metadata(object);
  const JsonValue* refs = meta == nullptr ? nullptr : Member(*meta, "ownerReferences");
  if (refs == nullptr || !refs->IsArray()) return out;
  for (const JsonValue& ref : refs->GetArray()) {
    if (ref.IsObject()) out.push_back(OwnerReferenceFromJson(ref));
  }
  return out;
}

std::optional<OwnerReference> GetControllerRef(const JsonValue& object) {
  for (OwnerReference& ref : GetOwnerReferences(object)) {
    if (ref.controller.value_or(false)) return std::move(ref);
  }
  return std::nullopt;
}

std::vector<std::string> GetFinalizers(const JsonValue& object) {
  std::vector<std::string> out;
  const JsonValue* meta = Metadata(object);
  const JsonValue* list = meta == nullptr ? nullptr : Member(*meta, "finalizers");
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& f : list->GetArray()) {
    if (f.IsString()) out.emplace_back(View(f));
  }
  return out;
}

bool HasFinalizer(const JsonValue& object, std::string_view finalizer) {
  std::vector<std::string> all = GetFinalizers(object);
  return std::find(all.begin(), all.end(), finalizer) != all.end();
}

}  // namespace ekslite::api
