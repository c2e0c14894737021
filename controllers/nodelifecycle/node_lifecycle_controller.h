// NodeLifecycleController: notices nodes that stopped reporting and moves
// their pods away (upstream's node-lifecycle-controller with its NoExecute
// taint manager). Every monitor period it compares each node's last sign of
// life (its Lease in kube-node-lease, its Ready heartbeat) with the grace
// period: a silent node gets every condition Unknown (NodeStatusUnknown)
// and its pods Ready=False. Nodes carry the not-ready or unreachable taints,
// NoSchedule and NoExecute, matching their Ready condition, and lose them
// when Ready again. Pods on a node with a NoExecute taint they do not
// tolerate are deleted (TaintManagerEviction), at once or after the
// tolerationSeconds of their toleration.
#ifndef EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_LIFECYCLE_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_LIFECYCLE_CONTROLLER_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"
#include "core/log.h"
#include "core/thread_annotations.h"

namespace ekslite::controllers {

struct NodeLifecycleControllerOptions {
  Clock* clock = &RealClock();
  // A node silent for longer is Unknown (upstream's node-monitor-grace-period).
  std::chrono::milliseconds grace_period{std::chrono::seconds(40)};
  // How often nodes and tainted nodes' pods are checked.
  std::chrono::milliseconds monitor_period{std::chrono::seconds(1)};
};

class NodeLifecycleController final : public Component {
 public:
  // Registers informers for Nodes, Leases and Pods; `client` must outlive
  // the controller.
  NodeLifecycleController(const client::DynamicClient& client, client::InformerFactory& informers,
                          NodeLifecycleControllerOptions options = {});
  ~NodeLifecycleController() override;

  std::string_view name() const override { return "node-lifecycle-controller"; }
  // Waits for the informers, then starts the monitor thread.
  Status Start() override;
  void Stop() override;

  // One monitor pass over every node and the pods of tainted nodes (the
  // thread calls it each period; tests call it directly). Returns the first
  // error; the pass goes on past errors.
  Status MonitorOnce();

 private:
  Status MonitorNode(const JsonValue& node);
  Status MarkPodsNotReady(const std::string& node);
  Status EvictTaintedPods(const JsonValue& node);

  const client::DynamicClient& client_;
  const NodeLifecycleControllerOptions options_;
  const std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<client::SharedInformer> nodes_;
  std::shared_ptr<client::SharedInformer> leases_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::unique_ptr<client::EventRecorder> events_;
  // One pass at a time (the thread's and a test's).
  std::mutex pass_mu_;
  // Pods already marked for deletion (by uid), so each gets one event.
  std::set<std::string> evicted_ GUARDED_BY(pass_mu_);
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_LIFECYCLE_CONTROLLER_H_
