// PodWorkers: the pods bound to this process's nodes. SyncPod(key) is
// level-triggered: it reads the pod from the informer's cache, advances its
// PodLifecycle to now through the Runtime, records the kubelet's Events,
// merge-patches pods/status when the status changed, and says when it next
// needs to run. A pod with a deletionTimestamp is stopped and deleted with
// gracePeriodSeconds=0 (simulated containers stop at once). Pods on nodes
// not in the NodeTable, or on nodes that are gone, are left alone.
//
// Each pod costs its PodLifecycle and its address: no thread, no timer
// object. Thread-safe; SyncPod for one key must not run concurrently with
// itself (the work queue sees to that).
#ifndef EKSLITE_KUBELET_POD_WORKERS_H_
#define EKSLITE_KUBELET_POD_WORKERS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/object.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/thread_annotations.h"
#include "kubelet/node_table.h"
#include "kubelet/pod_lifecycle.h"
#include "kubelet/runtime.h"

namespace ekslite::kubelet {

// What SyncPod wants next.
struct PodSyncResult {
  // Run again after this long (the pod's next transition, or a retry while
  // its node registers); zero for not at all.
  Clock::duration again{0};
};

class PodWorkers {
 public:
  // Every reference must outlive the workers; `recorder` may be null.
  PodWorkers(const client::DynamicClient& client, NodeTable& nodes, Runtime& runtime,
             client::EventRecorder* recorder, Clock& clock);
  PodWorkers(const PodWorkers&) = delete;
  PodWorkers& operator=(const PodWorkers&) = delete;

  // Syncs the pod at `key` ("namespace/name"); `pod` is its cached state, or
  // nullptr when it is gone. Errors are the API's; retry later.
  StatusOr<PodSyncResult> SyncPod(const std::string& key, const client::ObjectPtr& pod);

  // Pods tracked now.
  size_t size() const;

 private:
  struct PodRecord {
    std::string uid;
    std::string node;
    std::string pod_ip;
    bool owns_ip = false;  // the address came from the node's pool
    PodLifecycle life;
    uint64_t last_patch = 0;  // hash of the last status written
  };

  PodRecord* Find(const std::string& key) const;
  void Forget(const std::string& key);
  StatusOr<PodRecord*> Track(const std::string& key, const JsonValue& pod,
                             const std::string& host_ip);
  Status Delete(const std::string& key, const JsonValue& pod);
  void Record(const JsonValue& pod, const std::vector<PodEvent>& events);

  const client::DynamicClient& client_;
  NodeTable& nodes_;
  Runtime& runtime_;
  client::EventRecorder* recorder_;
  Clock& clock_;

  mutable std::mutex mu_;  // guards the map, not the records (one worker per key)
  std::unordered_map<std::string, std::unique_ptr<PodRecord>> pods_ GUARDED_BY(mu_);
};

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_POD_WORKERS_H_
