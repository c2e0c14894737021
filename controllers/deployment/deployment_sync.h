// DeploymentSync: one pass of the Deployment controller over one
// deployment. It holds the deployment and its claimed ReplicaSets in memory
// and replaces each with the server's answer as it writes, so later steps of
// the same pass see earlier ones (as upstream's syncDeployment does).
// Internal to controllers/deployment.
#ifndef EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_SYNC_H_
#define EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_SYNC_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/indexer.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/status.h"

namespace ekslite::controllers::deployment {

struct SyncContext {
  const client::DynamicClient& client;
  client::EventRecorder& recorder;
  const Clock& clock;
  const client::Indexer& pods;  // indexed by controller uid
  std::shared_ptr<spdlog::logger> log;
};

class DeploymentSync {
 public:
  DeploymentSync(SyncContext ctx, Json deployment, std::vector<Json> sets);

  // Brings the deployment one step closer to its spec and writes its status.
  Status Run();
  // When the deployment should be looked at again even if nothing changes
  // (the progress deadline).
  std::optional<Clock::duration> requeue_after() const { return requeue_after_; }

 private:
  // Finds (or, with `create`, makes) the new ReplicaSet and refreshes the
  // revision annotations; fills new_rs_ and old_.
  Status GetAllReplicaSets(bool create);
  Status CreateNewReplicaSet(int64_t revision);
  // Copies annotations onto `rs` for `revision`; true if anything changed.
  bool SetNewReplicaSetAnnotations(Json& rs, int64_t revision, bool exists) const;
  // Sets the deployment's revision annotation (a metadata patch).
  Status SetDeploymentRevision(std::string_view revision);
  // Scales `rs` to `replicas` and refreshes its replica annotations; sets
  // *scaled when the size changed.
  Status ScaleReplicaSet(Json& rs, int64_t replicas, bool* scaled = nullptr);

  Status RolloutRolling();
  Status RolloutRecreate();
  Status SyncScale();
  StatusOr<bool> ReconcileNewReplicaSet();
  StatusOr<bool> ReconcileOldReplicaSets();
  StatusOr<int64_t> CleanupUnhealthyReplicas(int64_t max_cleanup);
  StatusOr<int64_t> ScaleDownOldForRollingUpdate();
  Status Scale();
  bool IsScalingEvent() const;
  bool OldPodsRunning() const;
  Status Cleanup();

  Status CheckPausedConditions();
  Status SyncRolloutStatus();
  Status SyncDeploymentStatus();
  Status WriteStatus(const Json& status);

  std::vector<Json*> All() const;
  std::vector<const JsonValue*> AllConst() const;
  std::vector<Json*> ActiveOld() const;
  std::string Name() const;
  std::string Namespace() const;
  void ScalingEvent(const JsonValue& rs, int64_t from, int64_t to);

  SyncContext ctx_;
  Json d_;
  std::vector<std::unique_ptr<Json>> sets_;
  Json* new_rs_ = nullptr;
  std::vector<Json*> old_;
  std::optional<Clock::duration> requeue_after_;
};

}  // namespace ekslite::controllers::deployment

#endif  // EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_SYNC_H_
