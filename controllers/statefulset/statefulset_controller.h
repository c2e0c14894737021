// StatefulSetController: pods with stable identities (upstream's
// statefulset-controller). Pod <set>-<n> for each ordinal below
// spec.replicas, created in order and each only once the ones before it are
// Running and Ready (podManagementPolicy OrderedReady; Parallel creates and
// deletes them all at once), removed from the highest ordinal down; the
// claims of volumeClaimTemplates created before their pod; the template's
// history in ControllerRevisions; RollingUpdate (highest ordinal first,
// down to spec.updateStrategy.rollingUpdate.partition) or OnDelete.
#ifndef EKSLITE_CONTROLLERS_STATEFULSET_STATEFULSET_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_STATEFULSET_STATEFULSET_CONTROLLER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/statefulset/controller_revision.h"
#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/informer_factory.h"

namespace ekslite::controllers {

struct StatefulSetControllerOptions {
  int workers = 5;
  Clock* clock = &RealClock();
};

class StatefulSetController final : public QueueController {
 public:
  // Registers informers for StatefulSets, Pods, ControllerRevisions and
  // PersistentVolumeClaims; `client` must outlive the controller.
  StatefulSetController(const client::DynamicClient& client, client::InformerFactory& informers,
                        StatefulSetControllerOptions options = {});
  ~StatefulSetController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  // The set's pods by ordinal, and the template each revision hash stands for.
  struct SetState;
  void EnqueueOwner(const JsonValue& object);
  Status CreatePod(const JsonValue& set, const SetState& state, int64_t ordinal);
  Status DeletePod(const JsonValue& set, const JsonValue& pod);
  Status DeleteScaledClaims(const JsonValue& set, int64_t ordinal);
  Status ManagePods(const JsonValue& set, const SetState& state);
  Status UpdateStatus(const JsonValue& set, const SetState& state);

  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> sets_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::shared_ptr<client::SharedInformer> revisions_;
  std::shared_ptr<client::SharedInformer> claims_;
  std::unique_ptr<client::EventRecorder> events_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_STATEFULSET_STATEFULSET_CONTROLLER_H_
