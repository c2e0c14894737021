// ResourceTable: every served resource, for routing and discovery.
#ifndef EKSLITE_APISERVER_RESOURCES_RESOURCE_TABLE_H_
#define EKSLITE_APISERVER_RESOURCES_RESOURCE_TABLE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

struct ApiGroup {
  std::string name;                   // "" for the core group
  std::vector<std::string> versions;  // preferred first
};

// Thread-safe. Entries are never removed while the server runs except custom
// resources (Remove), and pointers to entries stay valid until then.
class ResourceTable {
 public:
  // Adds a resource; the first version added for a group is its preferred
  // version, and groups are listed in the order first added.
  void Add(ResourceInfo info);
  // Removes every version of group/resource (a deleted custom resource).
  void Remove(const std::string& group, const std::string& resource);

  const ResourceInfo* Find(const std::string& group, const std::string& version,
                           const std::string& resource) const;
  // The resource serving `kind` in group/version, or null.
  const ResourceInfo* FindKind(const std::string& group, const std::string& version,
                               const std::string& kind) const;

  // The resource objects of `info` are stored as (itself, unless it converts).
  const ResourceInfo& StorageVersionOf(const ResourceInfo& info) const;

  std::vector<ApiGroup> Groups() const;  // excluding the core group
  std::vector<const ResourceInfo*> InGroupVersion(const std::string& group,
                                                  const std::string& version) const;
  std::vector<const ResourceInfo*> All() const;

  // The key prefix of a resource's objects: "/<group|core>/<resource>/".
  static std::string StoragePrefix(const ResourceInfo& info);
  // The key of one object; `ns` is ignored for cluster-scoped resources.
  static std::string Key(const ResourceInfo& info, const std::string& ns, const std::string& name);

  // Increases whenever the set of resources changes (discovery caches use it).
  uint64_t generation() const;

 private:
  using Id = std::tuple<std::string, std::string, std::string>;  // group, version, resource
  mutable std::mutex mu_;
  std::map<Id, std::unique_ptr<ResourceInfo>> resources_;  // GUARDED_BY(mu_)
  std::vector<const ResourceInfo*> order_;                 // GUARDED_BY(mu_)
  std::vector<ApiGroup> groups_;                           // GUARDED_BY(mu_), core first
  uint64_t generation_ = 0;                                // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<ResourceInfo>> retired_;     // removed entries, kept alive
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_RESOURCE_TABLE_H_
