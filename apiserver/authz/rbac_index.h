// RbacIndex: the RBAC objects (Roles, ClusterRoles, RoleBindings,
// ClusterRoleBindings) parsed once from the watch cache and kept current, for
// the authorizer, the rules reviews and ClusterRole aggregation.
//
// It follows each of the four resource caches with a CacheWatcher. The cache
// feeds watchers on the store's writer thread before a write returns, and the
// watcher's wake-up only bumps a counter; the next Snapshot() drains the
// queued events under the index's mutex. So a request that starts after an
// RBAC write was acknowledged is authorized with that write applied, and no
// request ever reads storage.
#ifndef EKSLITE_APISERVER_AUTHZ_RBAC_INDEX_H_
#define EKSLITE_APISERVER_AUTHZ_RBAC_INDEX_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apiserver/authz/policy_rule.h"
#include "apiserver/cache/watch_cache.h"
#include "core/api/label_selector.h"
#include "core/status.h"

namespace ekslite::apiserver {

inline constexpr char kRbacGroup[] = "rbac.authorization.k8s.io";

// A Role or ClusterRole (namespace_ is "" for ClusterRoles).
struct RbacRole {
  std::string namespace_;
  std::string name;
  std::map<std::string, std::string> labels;
  std::vector<PolicyRule> rules;
  // ClusterRoles with an aggregationRule: its selectors (a selector that does
  // not parse matches nothing).
  bool aggregated = false;
  std::vector<api::LabelSelector> selectors;
};

struct RbacSubject {
  std::string kind;  // User, Group, ServiceAccount
  std::string api_group;
  std::string name;
  std::string namespace_;
};

// A RoleBinding or ClusterRoleBinding (namespace_ is "" for the latter).
struct RbacBinding {
  std::string namespace_;
  std::string name;
  std::string role_kind;  // Role, ClusterRole
  std::string role_name;
  std::vector<RbacSubject> subjects;
};

// An immutable view of every RBAC object at one moment.
struct RbacSnapshot {
  std::map<std::string, std::shared_ptr<const RbacRole>> cluster_roles;  // by name
  std::map<std::string, std::shared_ptr<const RbacRole>> roles;          // by "ns/name"
  std::vector<std::shared_ptr<const RbacBinding>> cluster_role_bindings;  // by name
  // By namespace, each sorted by name.
  std::map<std::string, std::vector<std::shared_ptr<const RbacBinding>>> role_bindings;

  const RbacRole* ClusterRole(const std::string& name) const;
  const RbacRole* Role(const std::string& ns, const std::string& name) const;
};

class RbacIndex {
 public:
  // `cache` must outlive the index and have the four RBAC resources
  // registered.
  explicit RbacIndex(WatchCache& cache);
  ~RbacIndex();

  RbacIndex(const RbacIndex&) = delete;
  RbacIndex& operator=(const RbacIndex&) = delete;

  // Starts following the caches; call after WatchCache::Start. Errors:
  // kInternal when a resource has no cache.
  Status Start();

  // The current state, with every acknowledged write applied. Thread-safe.
  std::shared_ptr<const RbacSnapshot> Snapshot();

 private:
  enum class Kind { kClusterRole, kRole, kClusterRoleBinding, kRoleBinding };
  struct Source {
    Kind kind;
    std::string prefix;
    ResourceCache* cache = nullptr;
    std::shared_ptr<CacheWatcher> watcher;
    // By key; roles for the role kinds, bindings for the binding kinds.
    std::map<std::string, std::shared_ptr<const RbacRole>> roles;
    std::map<std::string, std::shared_ptr<const RbacBinding>> bindings;
  };

  Status Watch(Source& source);  // EXCLUSIVE_LOCKS_REQUIRED(mu_)
  void Drain(Source& source);    // EXCLUSIVE_LOCKS_REQUIRED(mu_)
  static void Apply(Source& source, const CacheEvent& event);
  void Publish();  // EXCLUSIVE_LOCKS_REQUIRED(mu_)

  WatchCache& cache_;
  // Bumped by the watchers' wake-ups (on the writer thread); shared so a
  // wake-up racing with destruction touches live memory.
  std::shared_ptr<std::atomic<uint64_t>> signals_;
  std::mutex mu_;
  uint64_t drained_ = 0;                          // GUARDED_BY(mu_)
  std::vector<Source> sources_;                   // GUARDED_BY(mu_)
  std::shared_ptr<const RbacSnapshot> snapshot_;  // GUARDED_BY(mu_)
};

// Parsers of the stored JSON (exposed for tests and the aggregator).
RbacRole ParseRbacRole(const JsonValue& object);
RbacBinding ParseRbacBinding(const JsonValue& object);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_RBAC_INDEX_H_
