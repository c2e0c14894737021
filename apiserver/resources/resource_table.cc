#include "apiserver/resources/resource_table.h"

#include <algorithm>

#include "apiserver/resources/version_priority.h"

namespace ekslite::apiserver {
namespace {

void FillStorageIdentity(ResourceInfo& info) {
  if (info.storage_group.empty() && info.storage_resource.empty()) info.storage_group = info.group;
  if (info.storage_resource.empty()) info.storage_resource = info.resource;
  if (info.storage_version.empty()) info.storage_version = info.version;
}

}  // namespace

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

// --- Snapshot ---

const ResourceInfo* ResourceTable::Snapshot::Find(const std::string& group,
                                                  const std::string& version,
                                                  const std::string& resource) const {
  auto it = entries_.find(Id{group, version, resource});
  return it == entries_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const ResourceInfo> ResourceTable::Snapshot::Pin(
    const std::string& group, const std::string& version, const std::string& resource) const {
  auto it = entries_.find(Id{group, version, resource});
  return it == entries_.end() ? nullptr : it->second;
}

const ResourceInfo* ResourceTable::Snapshot::FindKind(const std::string& group,
                                                      const std::string& version,
                                                      const std::string& kind) const {
  for (const ResourceInfo* r : order_) {
    if (r->group == group && r->version == version && r->kind == kind) return r;
  }
  return nullptr;
}

std::vector<ApiGroup> ResourceTable::Snapshot::Groups() const {
  std::vector<ApiGroup> out;
  for (const ApiGroup& g : groups_) {
    if (!g.name.empty()) out.push_back(g);
  }
  return out;
}

std::vector<const ResourceInfo*> ResourceTable::Snapshot::InGroupVersion(
    const std::string& group, const std::string& version) const {
  std::vector<const ResourceInfo*> out;
  for (const ResourceInfo* r : order_) {
    if (r->group == group && r->version == version) out.push_back(r);
  }
  return out;
}

// --- ResourceTable ---

ResourceTable::ResourceTable() : current_(std::make_shared<Snapshot>()) {}

std::shared_ptr<const ResourceTable::Snapshot> ResourceTable::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

void ResourceTable::Publish(std::shared_ptr<Snapshot> next) {
  std::lock_guard<std::mutex> lock(mu_);
  next->generation_ = current_->generation_ + 1;
  current_ = std::move(next);
}

void ResourceTable::Add(ResourceInfo info) {
  FillStorageIdentity(info);
  std::lock_guard<std::mutex> writer(write_mu_);
  auto next = std::make_shared<Snapshot>(*snapshot());
  auto group = std::find_if(next->groups_.begin(), next->groups_.end(),
                            [&](const ApiGroup& g) { return g.name == info.group; });
  if (group == next->groups_.end()) {
    next->groups_.push_back(ApiGroup{info.group, {info.version}});
  } else if (std::find(group->versions.begin(), group->versions.end(), info.version) ==
             group->versions.end()) {
    group->versions.push_back(info.version);
  }
  auto entry = std::make_shared<const ResourceInfo>(std::move(info));
  Snapshot::Id id{entry->group, entry->version, entry->resource};
  if (auto old = next->entries_.find(id); old != next->entries_.end()) {
    std::erase(next->order_, old->second.get());
  }
  next->order_.push_back(entry.get());
  next->entries_[id] = std::move(entry);
  Publish(std::move(next));
}

void ResourceTable::Replace(const std::string& group, const std::string& resource,
                            std::vector<std::shared_ptr<const ResourceInfo>> versions) {
  std::lock_guard<std::mutex> writer(write_mu_);
  auto next = std::make_shared<Snapshot>(*snapshot());
  for (auto it = next->entries_.begin(); it != next->entries_.end();) {
    if (std::get<0>(it->first) == group && std::get<2>(it->first) == resource) {
      std::erase(next->order_, it->second.get());
      it = next->entries_.erase(it);
    } else {
      ++it;
    }
  }
  for (std::shared_ptr<const ResourceInfo>& v : versions) {
    Snapshot::Id id{v->group, v->version, v->resource};
    if (auto old = next->entries_.find(id); old != next->entries_.end()) {
      std::erase(next->order_, old->second.get());
    }
    next->order_.push_back(v.get());
    next->entries_[id] = std::move(v);
  }
  // The group's versions: every version something is served in, by priority.
  std::vector<std::string> served;
  for (const ResourceInfo* r : next->order_) {
    if (r->group == group && std::find(served.begin(), served.end(), r->version) == served.end()) {
      served.push_back(r->version);
    }
  }
  std::stable_sort(served.begin(), served.end(), [](const std::string& a, const std::string& b) {
    return VersionPriorityLess(a, b);
  });
  auto it = std::find_if(next->groups_.begin(), next->groups_.end(),
                         [&](const ApiGroup& g) { return g.name == group; });
  if (served.empty()) {
    if (it != next->groups_.end()) next->groups_.erase(it);
  } else if (it == next->groups_.end()) {
    next->groups_.push_back(ApiGroup{group, std::move(served)});
  } else {
    it->versions = std::move(served);
  }
  Publish(std::move(next));
}

const ResourceInfo* ResourceTable::Find(const std::string& group, const std::string& version,
                                        const std::string& resource) const {
  return snapshot()->Find(group, version, resource);
}

std::shared_ptr<const ResourceInfo> ResourceTable::Pin(const std::string& group,
                                                       const std::string& version,
                                                       const std::string& resource) const {
  return snapshot()->Pin(group, version, resource);
}

const ResourceInfo* ResourceTable::FindKind(const std::string& group, const std::string& version,
                                            const std::string& kind) const {
  return snapshot()->FindKind(group, version, kind);
}

std::vector<ApiGroup> ResourceTable::Groups() const { return snapshot()->Groups(); }

std::vector<const ResourceInfo*> ResourceTable::InGroupVersion(const std::string& group,
                                                               const std::string& version) const {
  return snapshot()->InGroupVersion(group, version);
}

std::vector<const ResourceInfo*> ResourceTable::All() const { return snapshot()->All(); }

uint64_t ResourceTable::generation() const { return snapshot()->generation(); }

const ResourceInfo& ResourceTable::StorageVersionOf(const ResourceInfo& info) const {
  if (info.storage_info) return *info.storage_info;
  // A custom resource's storage entry stores for itself (its to_storage only
  // relabels); looking it up again could find a newer, unpinned entry.
  if (!info.to_storage || info.custom_schema != nullptr) return info;
  const ResourceInfo* stored =
      Find(info.storage_group, info.storage_version, info.storage_resource);
  return stored != nullptr ? *stored : info;
}

std::string ResourceTable::StoragePrefix(const ResourceInfo& info) {
  const std::string& group = info.storage_group.empty() ? std::string("core") : info.storage_group;
  return "/" + group + "/" + info.storage_resource + "/";
}

std::string ResourceTable::Key(const ResourceInfo& info, const std::string& ns,
                               const std::string& name) {
  return info.namespaced ? StoragePrefix(info) + ns + "/" + name : StoragePrefix(info) + name;
}

}  // namespace ekslite::apiserver
