#include "cmd/ekslite/control_loops.h"

#include <utility>

#include "controllers/cronjob/cronjob_controller.h"
#include "controllers/daemonset/daemonset_controller.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/disruption/disruption_controller.h"
#include "controllers/endpoint/endpoints_controller.h"
#include "controllers/endpointslice/endpointslice_controller.h"
#include "controllers/garbagecollector/garbage_collector.h"
#include "controllers/job/job_controller.h"
#include "controllers/namespace/namespace_controller.h"
#include "controllers/nodelifecycle/node_lifecycle_controller.h"
#include "controllers/replicaset/replica_set_controller.h"
#include "controllers/resourcequota/resourcequota_controller.h"
#include "controllers/serviceaccount/serviceaccount_controller.h"
#include "controllers/statefulset/statefulset_controller.h"
#include "core/client/loopback_transport.h"
#include "core/log.h"
#include "kubelet/simulated_nodes.h"
#include "scheduler/scheduler.h"

namespace ekslite::cmd {

StatusOr<std::unique_ptr<ControlLoops>> ControlLoops::Start(http::Handler& handler,
                                                            const ControlLoopOptions& options) {
  std::unique_ptr<ControlLoops> loops(new ControlLoops());
  loops->transport_ = client::NewLoopbackTransport(handler);
  loops->client_ = std::make_unique<client::DynamicClient>(*loops->transport_);
  client::InformerFactoryOptions informer_options;
  informer_options.transform = client::DropManagedFields();
  loops->informers_ = std::make_unique<client::InformerFactory>(*loops->client_, informer_options);
  std::vector<std::unique_ptr<Component>>& components = loops->components_;

  // Each part adds its components here, in start order; constructing one
  // registers its informers and handlers with loops->informers_.
  // -- simulated nodes (kubelet/) --
  if (options.simulated_nodes > 0) {
    kubelet::SimulatedNodesOptions nodes;
    nodes.count = options.simulated_nodes;
    nodes.name_prefix = options.node_name_prefix;
    nodes.node.cpu = options.node_cpu;
    nodes.node.memory = options.node_memory;
    nodes.node.pods = options.node_pods;
    nodes.cluster_cidr = options.cluster_cidr;
    EKS_ASSIGN_OR_RETURN(std::unique_ptr<kubelet::SimulatedNodes> simulated,
                         kubelet::NewSimulatedNodes(*loops->client_, *loops->informers_, nodes));
    components.push_back(std::move(simulated));
  }
  // -- scheduler (scheduler/) --
  if (options.run_scheduler) {
    components.push_back(scheduler::NewScheduler(*loops->client_, *loops->informers_));
  }
  // -- controllers (controllers/) --
  if (options.run_controllers) {
    client::DynamicClient& c = *loops->client_;
    client::InformerFactory& f = *loops->informers_;
    components.push_back(controllers::NewReplicaSetController(c, f));
    components.push_back(controllers::NewReplicaSetController(
        c, f, {.kind = controllers::ReplicationControllers()}));
    components.push_back(controllers::NewDeploymentController(c, f));
    components.push_back(controllers::NewGarbageCollector(c, f));
    components.push_back(controllers::NewNamespaceController(c, f));
    components.push_back(controllers::NewServiceAccountController(c, f));
    if (!options.ca_pem.empty()) {
      components.push_back(controllers::NewRootCaPublisher(c, f, {.ca_pem = options.ca_pem}));
    }
    components.push_back(controllers::NewEndpointsController(c, f));
    components.push_back(controllers::NewEndpointSliceController(c, f));
    components.push_back(std::make_unique<controllers::JobController>(c, f));
    components.push_back(std::make_unique<controllers::CronJobController>(c, f));
    components.push_back(std::make_unique<controllers::StatefulSetController>(c, f));
    components.push_back(std::make_unique<controllers::DaemonSetController>(c, f));
    components.push_back(std::make_unique<controllers::DisruptionController>(c, f));
    components.push_back(std::make_unique<controllers::ResourceQuotaController>(c, f));
    controllers::NodeLifecycleControllerOptions lifecycle;
    lifecycle.grace_period = options.node_monitor_grace_period;
    components.push_back(std::make_unique<controllers::NodeLifecycleController>(c, f, lifecycle));
  }

  loops->informers_->Start();
  for (std::unique_ptr<Component>& component : components) {
    Status status = component->Start();
    if (!status.ok()) {
      Logger("ekslite")->error("{} cannot start: {}", component->name(), status.ToString());
      loops->Stop();
      return status;
    }
  }
  return loops;
}

ControlLoops::~ControlLoops() { Stop(); }

void ControlLoops::Stop() {
  for (size_t i = components_.size(); i-- > 0;) components_[i]->Stop();
  if (informers_ != nullptr) informers_->Shutdown();
}

}  // namespace ekslite::cmd
