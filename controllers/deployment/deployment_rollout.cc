// The rollout half of DeploymentSync: which strategy runs, RollingUpdate's
// scale-up/scale-down steps, Recreate, and proportional scaling.
#include <algorithm>
#include <map>

#include "controllers/common/pod_util.h"
#include "controllers/deployment/deployment_status.h"
#include "controllers/deployment/deployment_sync.h"
#include "controllers/deployment/deployment_util.h"

namespace ekslite::controllers::deployment {
namespace {

int64_t Int(const JsonValue& object, std::string_view path) { return IntAt(object, path).value_or(0); }
int64_t Replicas(const JsonValue& rs) { return Int(rs, "spec.replicas"); }

bool Paused(const JsonValue& d) {
  const JsonValue* paused = Path(d, "spec.paused");
  return paused != nullptr && paused->IsBool() && paused->GetBool();
}

}  // namespace

Status DeploymentSync::Run() {
  if (IsBeingDeleted(d_)) {
    EKS_RETURN_IF_ERROR(GetAllReplicaSets(false));
    return SyncDeploymentStatus();
  }
  EKS_RETURN_IF_ERROR(CheckPausedConditions());
  if (Paused(d_)) return SyncScale();
  EKS_RETURN_IF_ERROR(GetAllReplicaSets(false));
  if (IsScalingEvent()) return SyncScale();
  return IsRollingUpdate(d_) ? RolloutRolling() : RolloutRecreate();
}

bool DeploymentSync::IsScalingEvent() const {
  std::string want = std::to_string(SpecReplicas(d_));
  for (Json* rs : All()) {
    if (Replicas(*rs) == 0) continue;
    auto desired = Annotation(*rs, kDesiredReplicasAnnotation);
    if (desired.has_value() && *desired != want) return true;
  }
  return false;
}

Status DeploymentSync::SyncScale() {
  EKS_RETURN_IF_ERROR(GetAllReplicaSets(false));
  EKS_RETURN_IF_ERROR(Scale());
  if (Paused(d_)) EKS_RETURN_IF_ERROR(Cleanup());
  return SyncDeploymentStatus();
}

Status DeploymentSync::RolloutRolling() {
  EKS_RETURN_IF_ERROR(GetAllReplicaSets(true));
  EKS_ASSIGN_OR_RETURN(bool scaled_up, ReconcileNewReplicaSet());
  if (scaled_up) return SyncRolloutStatus();
  EKS_ASSIGN_OR_RETURN(bool scaled_down, ReconcileOldReplicaSets());
  if (scaled_down) return SyncRolloutStatus();
  const JsonValue* status = Member(d_, "status");
  if (status != nullptr && DeploymentComplete(d_, *status)) EKS_RETURN_IF_ERROR(Cleanup());
  return SyncRolloutStatus();
}

StatusOr<bool> DeploymentSync::ReconcileNewReplicaSet() {
  int64_t want = SpecReplicas(d_);
  int64_t have = Replicas(*new_rs_);
  if (have == want) return false;
  bool scaled = false;
  if (have > want) {
    EKS_RETURN_IF_ERROR(ScaleReplicaSet(*new_rs_, want, &scaled));
    return scaled;
  }
  // Pods an old set still runs count until they are gone, so the surge
  // bound holds for the pods a user sees, not just for spec.replicas.
  int64_t current = 0;
  for (Json* rs : All()) current += std::max(Replicas(*rs), Int(*rs, "status.replicas"));
  int64_t next = NewReplicaSetReplicas(want, MaxSurge(d_), current, have);
  EKS_RETURN_IF_ERROR(ScaleReplicaSet(*new_rs_, next, &scaled));
  return scaled;
}

StatusOr<bool> DeploymentSync::ReconcileOldReplicaSets() {
  int64_t old_pods = 0;
  for (Json* rs : ActiveOld()) old_pods += Replicas(*rs);
  if (old_pods == 0) return false;
  int64_t all_pods = 0;
  for (Json* rs : All()) all_pods += Replicas(*rs);
  int64_t min_available = SpecReplicas(d_) - MaxUnavailable(d_);
  int64_t new_unavailable = Replicas(*new_rs_) - Int(*new_rs_, "status.availableReplicas");
  int64_t max_scaled_down = all_pods - min_available - new_unavailable;
  if (max_scaled_down <= 0) return false;
  EKS_ASSIGN_OR_RETURN(int64_t cleaned, CleanupUnhealthyReplicas(max_scaled_down));
  EKS_ASSIGN_OR_RETURN(int64_t scaled, ScaleDownOldForRollingUpdate());
  return cleaned + scaled > 0;
}

// Old sets first lose the replicas that are not available anyway.
StatusOr<int64_t> DeploymentSync::CleanupUnhealthyReplicas(int64_t max_cleanup) {
  int64_t total = 0;
  for (Json* rs : ActiveOld()) {
    if (total >= max_cleanup) break;
    int64_t replicas = Replicas(*rs);
    int64_t available = Int(*rs, "status.availableReplicas");
    if (replicas == 0 || replicas == available) continue;
    int64_t down = std::min(max_cleanup - total, replicas - available);
    EKS_RETURN_IF_ERROR(ScaleReplicaSet(*rs, replicas - down));
    total += down;
  }
  return total;
}

// Then as many available ones as keep the deployment above minimum.
StatusOr<int64_t> DeploymentSync::ScaleDownOldForRollingUpdate() {
  int64_t min_available = SpecReplicas(d_) - MaxUnavailable(d_);
  int64_t available = 0;
  for (Json* rs : All()) available += Int(*rs, "status.availableReplicas");
  if (available <= min_available) return 0;
  int64_t budget = available - min_available;
  int64_t total = 0;
  for (Json* rs : ActiveOld()) {
    if (total >= budget) break;
    int64_t replicas = Replicas(*rs);
    if (replicas == 0) continue;
    int64_t down = std::min(replicas, budget - total);
    EKS_RETURN_IF_ERROR(ScaleReplicaSet(*rs, replicas - down));
    total += down;
  }
  return total;
}

Status DeploymentSync::RolloutRecreate() {
  EKS_RETURN_IF_ERROR(GetAllReplicaSets(false));
  bool scaled_down = false;
  for (Json* rs : ActiveOld()) {
    bool scaled = false;
    EKS_RETURN_IF_ERROR(ScaleReplicaSet(*rs, 0, &scaled));
    scaled_down |= scaled;
  }
  if (scaled_down || OldPodsRunning()) return SyncRolloutStatus();
  if (new_rs_ == nullptr) EKS_RETURN_IF_ERROR(GetAllReplicaSets(true));
  EKS_RETURN_IF_ERROR(ScaleReplicaSet(*new_rs_, SpecReplicas(d_)));
  const JsonValue* status = Member(d_, "status");
  if (status != nullptr && DeploymentComplete(d_, *status)) EKS_RETURN_IF_ERROR(Cleanup());
  return SyncRolloutStatus();
}

Status DeploymentSync::Scale() {
  int64_t want = SpecReplicas(d_);
  std::vector<Json*> active;
  for (Json* rs : All()) {
    if (Replicas(*rs) > 0) active.push_back(rs);
  }
  // One active set (or none: the newest) simply takes the new size.
  Json* only = nullptr;
  if (active.size() == 1) {
    only = active[0];
  } else if (active.empty()) {
    only = new_rs_ != nullptr ? new_rs_ : (old_.empty() ? nullptr : old_.back());
  }
  if (only != nullptr || active.empty()) {
    if (only == nullptr || Replicas(*only) == want) return Status::Ok();
    return ScaleReplicaSet(*only, want);
  }
  // The new set already has everything: the old ones go.
  if (new_rs_ != nullptr && Replicas(*new_rs_) == want &&
      Annotation(*new_rs_, kDesiredReplicasAnnotation).value_or("") == std::to_string(want) &&
      Int(*new_rs_, "status.availableReplicas") == want) {
    for (Json* rs : ActiveOld()) EKS_RETURN_IF_ERROR(ScaleReplicaSet(*rs, 0));
    return Status::Ok();
  }
  if (!IsRollingUpdate(d_)) return Status::Ok();
  // Spread the change over the active sets in proportion to their size.
  int64_t surge = MaxSurge(d_);
  int64_t current = 0;
  for (Json* rs : active) current += Replicas(*rs);
  int64_t allowed = want > 0 ? want + surge : 0;
  int64_t to_add = allowed - current;
  std::stable_sort(active.begin(), active.end(), [to_add](Json* a, Json* b) {
    if (Replicas(*a) != Replicas(*b)) return Replicas(*a) > Replicas(*b);
    // Growing favours newer sets, shrinking older ones.
    return to_add > 0 ? CreationTime(*a) > CreationTime(*b) : CreationTime(*a) < CreationTime(*b);
  });
  std::map<Json*, int64_t> sizes;
  int64_t added = 0;
  for (Json* rs : active) {
    int64_t share = 0;
    if (to_add != 0) {
      std::optional<int64_t> annotated;
      if (auto text = Annotation(*rs, kMaxReplicasAnnotation)) {
        try {
          annotated = std::stoll(std::string(*text));
        } catch (...) {
        }
      }
      share = ReplicaSetProportion(Replicas(*rs), annotated, Int(d_, "status.replicas"), want,
                                   surge, to_add, added);
    }
    sizes[rs] = Replicas(*rs) + share;
    added += share;
  }
  if (!active.empty()) sizes[active[0]] = std::max<int64_t>(0, sizes[active[0]] + to_add - added);
  for (Json* rs : active) EKS_RETURN_IF_ERROR(ScaleReplicaSet(*rs, sizes[rs]));
  return Status::Ok();
}

}  // namespace ekslite::controllers::deployment
