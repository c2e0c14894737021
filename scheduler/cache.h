// SchedulerCache: the scheduler's picture of the cluster — a NodeInfo per
// node with the pods bound to it — kept from the informers' events, plus
// "assumed" pods: pods the scheduler chose a node for and is binding, which
// count on that node at once so the next pod sees them without waiting for
// the watch. The informer's event for the bound pod confirms an assumed pod;
// a failed binding forgets it.
//
// Thread-safe: every method locks; a scheduling cycle holds Lock() while it
// reads the cache through the ClusterView interface (which does not lock).
#ifndef EKSLITE_SCHEDULER_CACHE_H_
#define EKSLITE_SCHEDULER_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/client/object.h"
#include "core/thread_annotations.h"
#include "scheduler/framework.h"
#include "scheduler/node_info.h"
#include "scheduler/pod_info.h"

namespace ekslite::scheduler {

class SchedulerCache : public ClusterView {
 public:
  SchedulerCache() = default;
  SchedulerCache(const SchedulerCache&) = delete;
  SchedulerCache& operator=(const SchedulerCache&) = delete;

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }

  // Node objects from the informer.
  void AddOrUpdateNode(client::ObjectPtr node);
  void RemoveNode(const std::string& name);

  // A pod bound to a node (spec.nodeName set), new or changed; confirms the
  // assumed pod of the same key. Terminal pods are removed instead.
  void AddOrUpdatePod(PodInfoPtr pod);
  void RemovePod(const std::string& key);

  // Counts `pod` on `node` until confirmed or forgotten.
  void AssumePod(PodInfoPtr pod, const std::string& node);
  // Drops an assumed pod (its binding failed). No-op when it was confirmed.
  void ForgetPod(const std::string& key);
  bool IsAssumed(const std::string& key);

  void SetNamespace(const std::string& name, Labels labels);
  void RemoveNamespace(const std::string& name);

  // Counts for tests and metrics.
  size_t NodeCount();
  size_t PodCount();

  // ClusterView; callers hold Lock().
  const std::vector<NodeInfo*>& Nodes() const override { return node_list_; }
  const NodeInfo* Node(const std::string& name) const override;
  const Labels* NamespaceLabels(const std::string& ns) const override;
  // A mutable node, for preemption's simulation. Callers hold Lock().
  NodeInfo* MutableNode(const std::string& name);

 private:
  NodeInfo& NodeLocked(const std::string& name) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemovePodLocked(const std::string& key) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeDropNodeLocked(const std::string& name) EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<NodeInfo>> nodes_ GUARDED_BY(mu_);
  // Nodes with a Node object, in the order they appeared.
  std::vector<NodeInfo*> node_list_ GUARDED_BY(mu_);
  std::unordered_map<std::string, std::string> pod_node_ GUARDED_BY(mu_);  // key -> node
  std::unordered_set<std::string> assumed_ GUARDED_BY(mu_);
  std::unordered_map<std::string, Labels> namespaces_ GUARDED_BY(mu_);
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_CACHE_H_
