// ControlLoops: everything in the all-in-one server that works through the
// API rather than inside the apiserver — simulated nodes, the scheduler and
// the controllers — sharing one loopback client and one set of informers.
#ifndef EKSLITE_CMD_EKSLITE_CONTROL_LOOPS_H_
#define EKSLITE_CMD_EKSLITE_CONTROL_LOOPS_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/transport.h"
#include "core/component.h"
#include "core/http/handler.h"
#include "core/status.h"

namespace ekslite::cmd {

struct ControlLoopOptions {
  bool run_scheduler = true;
  bool run_controllers = true;
  // Simulated nodes run in this process: how many, and what each offers.
  int simulated_nodes = 0;
  std::string node_name_prefix = "ekslite-node-";
  std::string node_cpu = "4";
  std::string node_memory = "16Gi";
  int node_pods = 110;
  std::string cluster_cidr = "10.244.0.0/16";  // node podCIDRs are carved from it
  std::string service_cidr = "10.96.0.0/12";
  // Node lifecycle: a node whose lease is older than this is NotReady.
  std::chrono::milliseconds node_monitor_grace_period{std::chrono::seconds(40)};
  std::string ca_pem;  // published in each namespace's kube-root-ca.crt ConfigMap
};

class ControlLoops {
 public:
  // Builds and starts every enabled loop against `handler` (which must
  // outlive the result). The first component that fails to start stops the
  // ones before it and is returned.
  static StatusOr<std::unique_ptr<ControlLoops>> Start(http::Handler& handler,
                                                       const ControlLoopOptions& options);
  ~ControlLoops();
  ControlLoops(const ControlLoops&) = delete;
  ControlLoops& operator=(const ControlLoops&) = delete;

  // Stops the components in reverse order, then the informers. Idempotent.
  void Stop();

 private:
  ControlLoops() = default;

  std::unique_ptr<client::Transport> transport_;
  std::unique_ptr<client::DynamicClient> client_;
  std::unique_ptr<client::InformerFactory> informers_;
  std::vector<std::unique_ptr<Component>> components_;
};

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_CONTROL_LOOPS_H_
