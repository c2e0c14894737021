// SimulatedNodes: KWOK-like hollow nodes, any number of them in one process,
// as one Component. They share the caller's client and informers (one pods
// informer, one nodes informer, whatever the count), one work queue that is
// also the only timer (keys wait in it for their time: a lease renewal, a
// status report, a pod's next transition), and one small pool of workers.
//
// Each node registers a Node named <name_prefix><i> (taking over the one that
// exists after a restart), renews its Lease in kube-node-lease every
// lease_renew_interval, reports its status every status_report_interval and
// at once when its Node stops showing Ready=True. Pods bound to a node run in
// the Runtime (simulated by default; see simulated_runtime.h for the
// annotations that shape them) under the rules of pod_lifecycle.h.
//
//   SimulatedNodesOptions options;
//   options.count = 100;
//   auto nodes = NewSimulatedNodes(client, factory, options);  // before factory.Start()
//   factory.Start();
//   (*nodes)->Start();
#ifndef EKSLITE_KUBELET_SIMULATED_NODES_H_
#define EKSLITE_KUBELET_SIMULATED_NODES_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"
#include "core/status.h"
#include "kubelet/node_object.h"
#include "kubelet/runtime.h"

namespace ekslite::kubelet {

struct SimulatedNodesOptions {
  int count = 0;
  std::string name_prefix = "ekslite-node-";
  NodeTemplate node;                           // capacity and what nodeInfo reports
  std::string cluster_cidr = "10.244.0.0/16";  // pod CIDRs are carved from it
  int workers = 8;                             // threads syncing nodes and pods
  std::chrono::seconds lease_duration{40};
  std::chrono::milliseconds lease_renew_interval{std::chrono::seconds(10)};
  // Upstream's nodeStatusReportFrequency.
  std::chrono::milliseconds status_report_interval{std::chrono::minutes(5)};
  // "" shares the factory's pods informer with the other components; a
  // process of its own can narrow it, e.g. "spec.nodeName!=".
  std::string pod_field_selector;
  // nullptr: the simulated runtime.
  std::shared_ptr<Runtime> runtime;
  bool record_events = true;
  std::chrono::milliseconds cache_sync_timeout{std::chrono::seconds(60)};
  Clock* clock = &RealClock();
};

class SimulatedNodes : public Component {
 public:
  // Nodes registered and not deleted.
  virtual int RegisteredNodes() const = 0;
  // Pods being run.
  virtual size_t RunningPods() const = 0;
};

// Builds the nodes and registers their informer handlers with `informers`
// (start the factory before Start()). `client` and `informers` must outlive
// the result. kInvalid for a negative count, a bad cluster CIDR or no workers.
StatusOr<std::unique_ptr<SimulatedNodes>> NewSimulatedNodes(const client::DynamicClient& client,
                                                            client::InformerFactory& informers,
                                                            SimulatedNodesOptions options);

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_SIMULATED_NODES_H_
