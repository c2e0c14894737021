#include "apiserver/resources/resource_table.h"

#include <algorithm>

namespace ekslite::apiserver {

bool ResourceInfo::HasSubresource(std::string_view name) const {
  return std::any_of(subresources.begin(), subresources.end(),
                     [&](const SubresourceInfo& s) { return s.name == name; });
}

bool ResourceInfo::HasVerb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

std::vector<std::string> StandardVerbs() {
  return {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
}

void ResourceTable::Add(ResourceInfo info) {
  if (info.storage_group.empty() && info.storage_resource.empty()) info.storage_group = info.group;
  if (info.storage_resource.empty()) info.storage_resource = info.resource;
  if (info.storage_version.empty()) info.storage_version = info.version;
  std::lock_guard<std::mutex> lock(mu_);
  auto group = std::find_if(groups_.begin(), groups_.end(),
                            [&](const ApiGroup& g) { return g.name == info.group; });
  if (group == groups_.end()) {
    groups_.push_back(ApiGroup{info.group, {info.version}});
  } else if (std::find(group->versions.begin(), group->versions.end(), info.version) ==
             group->versions.end()) {
    group->versions.push_back(info.version);
  }
  auto entry = std::make_unique<ResourceInfo>(std::move(info));
  order_.push_back(entry.get());
  resources_[Id{entry->group, entry->version, entry->resource}] = std::move(entry);
  ++generation_;
}

void ResourceTable::Remove(const std::string& group, const std::string& resource) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = resources_.begin(); it != resources_.end();) {
    if (std::get<0>(it->first) == group && std::get<2>(it->first) == resource) {
      order_.erase(std::remove(order_.begin(), order_.end(), it->second.get()), order_.end());
      retired_.push_back(std::move(it->second));
      it = resources_.erase(it);
    } else {
      ++it;
    }
  }
  // Drop versions (and groups) that no longer serve anything.
  for (ApiGroup& g : groups_) {
    std::erase_if(g.versions, [&](const std::string& v) {
      return std::none_of(order_.begin(), order_.end(), [&](const ResourceInfo* r) {
        return r->group == g.name && r->version == v;
      });
    });
  }
  std::erase_if(groups_, [](const ApiGroup& g) { return g.versions.empty(); });
  ++generation_;
}

const ResourceInfo* ResourceTable::Find(const std::string& group, const std::string& version,
                                        const std::string& resource) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(Id{group, version, resource});
  return it == resources_.end() ? nullptr : it->second.get();
}

const ResourceInfo* ResourceTable::FindKind(const std::string& group, const std::string& version,
                                            const std::string& kind) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const ResourceInfo* r : order_) {
    if (r->group == group && r->version == version && r->kind == kind) return r;
  }
  return nullptr;
}

const ResourceInfo& ResourceTable::StorageVersionOf(const ResourceInfo& info) const {
  if (!info.to_storage) return info;
  const ResourceInfo* stored = Find(info.storage_group, info.storage_version, info.storage_resource);
  return stored != nullptr ? *stored : info;
}

std::vector<ApiGroup> ResourceTable::Groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ApiGroup> out;
  for (const ApiGroup& g : groups_) {
    if (!g.name.empty()) out.push_back(g);
  }
  return out;
}

std::vector<const ResourceInfo*> ResourceTable::InGroupVersion(const std::string& group,
                                                               const std::string& version) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<const ResourceInfo*> out;
  for (const ResourceInfo* r : order_) {
    if (r->group == group && r->version == version) out.push_back(r);
  }
  return out;
}

std::vector<const ResourceInfo*> ResourceTable::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  return order_;
}

std::string ResourceTable::StoragePrefix(const ResourceInfo& info) {
  const std::string& group = info.storage_group.empty() ? std::string("core") : info.storage_group;
  return "/" + group + "/" + info.storage_resource + "/";
}

std::string ResourceTable::Key(const ResourceInfo& info, const std::string& ns,
                               const std::string& name) {
  return info.namespaced ? StoragePrefix(info) + ns + "/" + name : StoragePrefix(info) + name;
}

uint64_t ResourceTable::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

}  // namespace ekslite::apiserver
