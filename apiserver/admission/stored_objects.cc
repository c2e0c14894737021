#include "apiserver/admission/stored_objects.h"

namespace ekslite::apiserver {

StatusOr<std::vector<Json>> ListStored(const Registry& registry, const std::string& group,
                                       const std::string& version, const std::string& resource,
                                       const std::string& ns) {
  std::vector<Json> out;
  const ResourceInfo* info =
      registry.table() ? registry.table()->Find(group, version, resource) : nullptr;
  ResourceCache* cache = info ? registry.CacheFor(*info) : nullptr;
  if (cache == nullptr) return out;
  CacheListOptions list;
  list.prefix = ResourceTable::StoragePrefix(*info);
  if (info->namespaced && !ns.empty()) list.prefix += ns + "/";
  EKS_ASSIGN_OR_RETURN(CacheListResult result, cache->List(list));
  out.reserve(result.items.size());
  for (const ObjectPtr& o : result.items) {
    EKS_ASSIGN_OR_RETURN(Json doc, ParseJson(o->json));
    out.push_back(std::move(doc));
  }
  return out;
}

Status AdmissionForbidden(const ResourceInfo& info, const JsonValue& object,
                          const std::string& why) {
  std::string name(StringAt(object, "metadata.name"));
  StatusDetails d;
  d.name = name;
  d.group = info.group;
  d.kind = info.resource;
  std::string what = QualifiedResource(info);
  std::string message = name.empty() ? what + " is forbidden: " + why
                                     : what + " \"" + name + "\" is forbidden: " + why;
  return Status(Code::kForbidden, std::move(message), std::move(d));
}

}  // namespace ekslite::apiserver
