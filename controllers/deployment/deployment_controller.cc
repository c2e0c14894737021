#include "controllers/deployment/deployment_controller.h"

#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/deployment/deployment_sync.h"
#include "core/api/label_selector.h"
#include "core/client/event_recorder.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

class DeploymentController final : public QueueController {
 public:
  DeploymentController(const client::DynamicClient& client, client::InformerFactory& informers,
                       DeploymentControllerOptions options)
      : QueueController({.name = "deployment-controller",
                         .workers = options.workers,
                         .clock = options.clock}),
        client_(client),
        recorder_(client::NewEventRecorder(
            client, {.component = "deployment-controller", .host = "", .clock = options.clock})) {
    deployments_ = informers.ForResource(client::resources::kDeployments);
    sets_ = informers.ForResource(client::resources::kReplicaSets);
    pods_ = informers.ForResource(client::resources::kPods);
    (void)sets_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
    (void)pods_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
    WatchInformer(deployments_, EnqueueHandlers());
    client::EventHandlers set_handlers;
    set_handlers.on_add = [this](const ObjectPtr& rs) { OnReplicaSet(nullptr, *rs); };
    set_handlers.on_update = [this](const ObjectPtr& old_rs, const ObjectPtr& rs) {
      OnReplicaSet(old_rs.get(), *rs);
    };
    set_handlers.on_delete = [this](const ObjectPtr& rs) { EnqueueOwner(*rs); };
    WatchInformer(sets_, std::move(set_handlers));
    client::EventHandlers pod_handlers;
    pod_handlers.on_delete = [this](const ObjectPtr& pod) { OnPodDeleted(*pod); };
    WatchInformer(pods_, std::move(pod_handlers));
  }
  ~DeploymentController() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:
  // Queues the deployment controlling `object` (a ReplicaSet); true if any.
  bool EnqueueOwner(const JsonValue& object);
  void OnReplicaSet(const JsonValue* old_rs, const JsonValue& rs);
  void OnPodDeleted(const JsonValue& pod);
  // The sets `d` controls after adopting and releasing, as mutable copies.
  StatusOr<std::vector<Json>> ClaimReplicaSets(const JsonValue& d,
                                               const api::LabelSelector& selector);

  const client::DynamicClient& client_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::shared_ptr<client::SharedInformer> deployments_;
  std::shared_ptr<client::SharedInformer> sets_;
  std::shared_ptr<client::SharedInformer> pods_;
};

bool DeploymentController::EnqueueOwner(const JsonValue& object) {
  std::optional<OwnerRef> ref = ControllerOf(object);
  if (!ref.has_value() || ref->kind != "Deployment") return false;
  std::string key = client::ObjectKey(StringAt(object, "metadata.namespace"), ref->name);
  ObjectPtr d = deployments_->indexer().Get(key);
  if (d == nullptr || StringAt(*d, "metadata.uid") != ref->uid) return false;
  queue().Add(key);
  return true;
}

void DeploymentController::OnReplicaSet(const JsonValue* old_rs, const JsonValue& rs) {
  if (old_rs != nullptr) {
    if (StringAt(*old_rs, "metadata.resourceVersion") == StringAt(rs, "metadata.resourceVersion")) {
      return;
    }
    std::optional<OwnerRef> old_ref = ControllerOf(*old_rs);
    std::optional<OwnerRef> ref = ControllerOf(rs);
    if (old_ref.has_value() && (!ref.has_value() || ref->uid != old_ref->uid)) EnqueueOwner(*old_rs);
  }
  if (EnqueueOwner(rs) || ControllerOf(rs).has_value()) return;
  // An orphan: every deployment that would adopt it looks.
  auto deployments =
      deployments_->indexer().ByIndex(client::kNamespaceIndex, StringAt(rs, "metadata.namespace"));
  if (!deployments.ok()) return;
  for (const ObjectPtr& d : *deployments) {
    auto selector = api::LabelSelectorFromJson(Path(*d, "spec.selector"));
    if (selector.ok() && !selector->Empty() && selector->MatchesObject(rs)) Enqueue(*d);
  }
}

void DeploymentController::OnPodDeleted(const JsonValue& pod) {
  // Recreate waits for old pods to be gone.
  std::optional<OwnerRef> ref = ControllerOf(pod);
  if (!ref.has_value() || ref->kind != "ReplicaSet") return;
  ObjectPtr rs = sets_->indexer().Get(client::ObjectKey(StringAt(pod, "metadata.namespace"), ref->name));
  if (rs != nullptr) EnqueueOwner(*rs);
}

StatusOr<std::vector<Json>> DeploymentController::ClaimReplicaSets(
    const JsonValue& d, const api::LabelSelector& selector) {
  std::string ns(StringAt(d, "metadata.namespace"));
  std::string_view uid = StringAt(d, "metadata.uid");
  bool deleting = IsBeingDeleted(d);
  auto client = client_.Resource(client::resources::kReplicaSets, ns);
  EKS_ASSIGN_OR_RETURN(std::vector<ObjectPtr> candidates,
                       sets_->indexer().ByIndex(client::kNamespaceIndex, ns));
  std::vector<Json> claimed;
  for (const ObjectPtr& rs : candidates) {
    std::optional<OwnerRef> ref = ControllerOf(*rs);
    bool matches = selector.MatchesObject(*rs);
    std::string_view name = StringAt(*rs, "metadata.name");
    if (ref.has_value()) {
      if (ref->uid != uid) continue;
      if (matches || deleting) {
        claimed.push_back(client::CopyObject(*rs));
        continue;
      }
      auto released = client.Patch(name, client::PatchType::kStrategicMerge,
                                   ReleasePatch(uid, StringAt(*rs, "metadata.uid")));
      if (!released.ok() && !released.status().IsNotFound()) return released.status();
      continue;
    }
    if (!matches || deleting || IsBeingDeleted(*rs)) continue;
    auto adopted = client.Patch(name, client::PatchType::kStrategicMerge,
                                AdoptPatch(d, "apps/v1", "Deployment", StringAt(*rs, "metadata.uid")));
    if (!adopted.ok()) {
      if (adopted.status().IsNotFound()) continue;
      return adopted.status();
    }
    log()->info("{}/{}: adopted replica set {}", ns, StringAt(d, "metadata.name"), name);
    claimed.push_back(std::move(*adopted));
  }
  return claimed;
}

Status DeploymentController::Sync(const std::string& key) {
  ObjectPtr cached = deployments_->indexer().Get(key);
  if (cached == nullptr) return Status::Ok();
  auto selector = api::LabelSelectorFromJson(Path(*cached, "spec.selector"));
  if (!selector.ok() || selector->Empty()) {
    recorder_->Event(*cached, client::kEventWarning, "SelectingAll",
                     "This deployment is selecting all pods. A non-empty selector is required.");
    return Status::Ok();
  }
  EKS_ASSIGN_OR_RETURN(std::vector<Json> sets, ClaimReplicaSets(*cached, *selector));
  deployment::SyncContext ctx{client_, *recorder_, clock(), pods_->indexer(), log()};
  deployment::DeploymentSync sync(ctx, client::CopyObject(*cached), std::move(sets));
  Status status = sync.Run();
  if (status.ok() && sync.requeue_after().has_value()) queue().AddAfter(key, *sync.requeue_after());
  if (status.IsConflict()) log()->debug("{}: conflict, retrying: {}", key, status.message());
  return status;
}

}  // namespace

std::unique_ptr<Component> NewDeploymentController(const client::DynamicClient& client,
                                                   client::InformerFactory& informers,
                                                   DeploymentControllerOptions options) {
  return std::make_unique<DeploymentController>(client, informers, options);
}

}  // namespace ekslite::controllers
