// ResourceTable: every served resource, for routing and discovery.
//
// Concurrency: copy-on-write. The contents are an immutable Snapshot; a
// change (Add, Replace, Remove) copies the current snapshot, edits the copy
// and publishes it with one pointer swap. Requests run on many threads while
// CRDs come and go: a reader takes the current snapshot (a shared_ptr copy
// under a mutex held only for that copy) and sees the whole of a change or
// none of it, never a group half-updated, and never waits for a writer
// building its copy. Writers are serialized among themselves.
//
// Lifetime: entries are shared_ptr<const ResourceInfo>, alive while a
// snapshot or a pin (Pin) holds them.
//   - Built-in resources are added before serving starts and never removed:
//     raw pointers to them (Find, FindKind, InGroupVersion, All) stay valid
//     for the table's life.
//   - Custom resources may be replaced (their CRD changed) or removed (it was
//     deleted) at any moment. Code that uses one beyond a single call holds
//     a Pin (a request does, for its whole duration, streams included) or a
//     Snapshot (discovery and OpenAPI do while they build documents).
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

class ResourceTable {
 public:
  // One immutable state of the table. Pointers it returns live as long as
  // the snapshot does.
  class Snapshot {
   public:
    const ResourceInfo* Find(const std::string& group, const std::string& version,
                             const std::string& resource) const;
    // The entry, kept alive by the returned pointer; null when not served.
    std::shared_ptr<const ResourceInfo> Pin(const std::string& group, const std::string& version,
                                            const std::string& resource) const;
    // The resource serving `kind` in group/version, or null.
    const ResourceInfo* FindKind(const std::string& group, const std::string& version,
                                 const std::string& kind) const;
    std::vector<ApiGroup> Groups() const;  // excluding the core group
    std::vector<const ResourceInfo*> InGroupVersion(const std::string& group,
                                                    const std::string& version) const;
    const std::vector<const ResourceInfo*>& All() const { return order_; }
    // Increases with every change of the table.
    uint64_t generation() const { return generation_; }

   private:
    friend class ResourceTable;
    using Id = std::tuple<std::string, std::string, std::string>;  // group, version, resource
    std::map<Id, std::shared_ptr<const ResourceInfo>> entries_;
    std::vector<const ResourceInfo*> order_;  // in the order added
    std::vector<ApiGroup> groups_;            // in the order first added, core first
    uint64_t generation_ = 0;
  };

  ResourceTable();

  ResourceTable(const ResourceTable&) = delete;
  ResourceTable& operator=(const ResourceTable&) = delete;

  // Adds a resource (a built-in). The first version added for a group is its
  // preferred version, and groups are listed in the order first added.
  void Add(ResourceInfo info);
  // Replaces every version of group/resource with `versions` (the served
  // versions of a custom resource); an empty list removes the resource. The
  // group's versions are then listed by version priority
  // (version_priority.h), and a group left without versions disappears.
  void Replace(const std::string& group, const std::string& resource,
               std::vector<std::shared_ptr<const ResourceInfo>> versions);
  void Remove(const std::string& group, const std::string& resource) {
    Replace(group, resource, {});
  }

  // The current contents. Thread-safe.
  std::shared_ptr<const Snapshot> snapshot() const;

  // Shorthands on the current snapshot. The raw pointers are safe to keep
  // for built-in resources only (see the lifetime rules above).
  const ResourceInfo* Find(const std::string& group, const std::string& version,
                           const std::string& resource) const;
  std::shared_ptr<const ResourceInfo> Pin(const std::string& group, const std::string& version,
                                          const std::string& resource) const;
  const ResourceInfo* FindKind(const std::string& group, const std::string& version,
                               const std::string& kind) const;
  std::vector<ApiGroup> Groups() const;
  std::vector<const ResourceInfo*> InGroupVersion(const std::string& group,
                                                  const std::string& version) const;
  std::vector<const ResourceInfo*> All() const;
  uint64_t generation() const;

  // The resource objects of `info` are stored as: its storage_info when set
  // (custom resources), else the table's entry for its storage version, else
  // itself.
  const ResourceInfo& StorageVersionOf(const ResourceInfo& info) const;

  // The key prefix of a resource's objects: "/<group|core>/<resource>/".
  static std::string StoragePrefix(const ResourceInfo& info);
  // The key of one object; `ns` is ignored for cluster-scoped resources.
  static std::string Key(const ResourceInfo& info, const std::string& ns, const std::string& name);

 private:
  // Publishes `next` (built from the current snapshot under write_mu_).
  void Publish(std::shared_ptr<Snapshot> next);

  std::mutex write_mu_;  // serializes writers
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;  // GUARDED_BY(mu_)
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_RESOURCE_TABLE_H_
