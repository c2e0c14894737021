// DaemonSetController: one pod of each DaemonSet on every node it fits
// (upstream's daemonset-controller). Pods are created pinned to their node
// by node affinity and bound there by the scheduler; pods on nodes that no
// longer fit are deleted, failed ones replaced. Template changes roll out
// through ControllerRevisions: RollingUpdate within maxUnavailable (or, with
// maxSurge, by starting the new pod before the old one goes), or OnDelete.
#ifndef EKSLITE_CONTROLLERS_DAEMONSET_DAEMONSET_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_DAEMONSET_DAEMONSET_CONTROLLER_H_

#include <memory>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/expectations.h"
#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/informer_factory.h"

namespace ekslite::controllers {

struct DaemonSetControllerOptions {
  int workers = 3;
  Clock* clock = &RealClock();
};

class DaemonSetController final : public QueueController {
 public:
  // Registers informers for DaemonSets, Nodes, Pods and ControllerRevisions;
  // `client` must outlive the controller.
  DaemonSetController(const client::DynamicClient& client, client::InformerFactory& informers,
                      DaemonSetControllerOptions options = {});
  ~DaemonSetController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  struct NodePlan;
  struct Actions;
  void EnqueueOwner(const JsonValue& pod, bool added, bool deleted);
  void EnqueueAll();
  std::vector<NodePlan> PlanNodes(const JsonValue& ds, const JsonValue& spec,
                                  const std::string& hash,
                                  std::vector<client::ObjectPtr>* orphans) const;
  Status CreatePod(const JsonValue& ds, const std::string& key, const JsonValue& spec,
                   const std::string& node, const std::string& hash);
  Status DeletePod(const JsonValue& ds, const std::string& key, const JsonValue& pod);
  void RollOut(const JsonValue& ds, const std::vector<NodePlan>& plans, Actions* actions);
  Status Apply(const JsonValue& ds, const std::string& key, const JsonValue& spec,
               const std::string& hash, const Actions& actions);
  Status UpdateStatus(const JsonValue& ds, const std::vector<NodePlan>& plans);

  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> sets_;
  std::shared_ptr<client::SharedInformer> nodes_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::shared_ptr<client::SharedInformer> revisions_;
  std::unique_ptr<client::EventRecorder> events_;
  Expectations expectations_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_DAEMONSET_DAEMONSET_CONTROLLER_H_
