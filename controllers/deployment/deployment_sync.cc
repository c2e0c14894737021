// The ReplicaSet bookkeeping half of DeploymentSync: finding or creating the
// new ReplicaSet, its annotations, scaling a set, cleaning up history and
// writing the deployment's status.
#include "controllers/deployment/deployment_sync.h"

#include <algorithm>

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/deployment/deployment_status.h"
#include "controllers/deployment/deployment_util.h"
#include "core/client/resource.h"

namespace ekslite::controllers::deployment {
namespace {

int64_t Int(const JsonValue& object, std::string_view path) { return IntAt(object, path).value_or(0); }

// Annotations of `object`, created when absent.
JsonValue& Annotations(Json& object) {
  JsonValue& meta = EnsureObject(object, "metadata", object.GetAllocator());
  return EnsureObject(meta, "annotations", object.GetAllocator());
}

// Sets annotation `key` to `value`; true when it changed.
bool SetAnnotation(Json& object, std::string_view key, std::string_view value) {
  JsonValue& annotations = Annotations(object);
  const JsonValue* current = Member(annotations, key);
  if (current != nullptr && View(*current) == value) return false;
  SetString(annotations, key, value, object.GetAllocator());
  return true;
}

bool SameStatus(const JsonValue* current, const JsonValue& next) {
  Json filled(rapidjson::kObjectType);
  if (current != nullptr && current->IsObject()) filled.CopyFrom(*current, filled.GetAllocator());
  for (const auto& m : next.GetObject()) {
    if (m.value.IsNumber() && Member(filled, View(m.name)) == nullptr) {
      SetInt(filled, View(m.name), 0, filled.GetAllocator());
    }
  }
  Json normalized(rapidjson::kObjectType);
  normalized.CopyFrom(next, normalized.GetAllocator());
  for (const auto& m : filled.GetObject()) {
    if (m.value.IsNumber() && Member(normalized, View(m.name)) == nullptr) {
      SetInt(normalized, View(m.name), 0, normalized.GetAllocator());
    }
  }
  return filled == normalized;
}

}  // namespace

DeploymentSync::DeploymentSync(SyncContext ctx, Json deployment, std::vector<Json> sets)
    : ctx_(std::move(ctx)), d_(std::move(deployment)) {
  for (Json& rs : sets) sets_.push_back(std::make_unique<Json>(std::move(rs)));
  // Oldest first, the order upstream walks old sets in.
  std::stable_sort(sets_.begin(), sets_.end(), [](const auto& a, const auto& b) {
    Clock::time_point ta = CreationTime(*a), tb = CreationTime(*b);
    if (ta != tb) return ta < tb;
    return StringAt(*a, "metadata.name") < StringAt(*b, "metadata.name");
  });
}

std::string DeploymentSync::Name() const { return std::string(StringAt(d_, "metadata.name")); }
std::string DeploymentSync::Namespace() const {
  return std::string(StringAt(d_, "metadata.namespace"));
}

std::vector<Json*> DeploymentSync::All() const {
  std::vector<Json*> all(old_.begin(), old_.end());
  if (new_rs_ != nullptr) all.push_back(new_rs_);
  return all;
}

std::vector<const JsonValue*> DeploymentSync::AllConst() const {
  std::vector<const JsonValue*> all;
  for (Json* rs : All()) all.push_back(rs);
  return all;
}

std::vector<Json*> DeploymentSync::ActiveOld() const {
  std::vector<Json*> active;
  for (Json* rs : old_) {
    if (Int(*rs, "spec.replicas") > 0) active.push_back(rs);
  }
  return active;
}

void DeploymentSync::ScalingEvent(const JsonValue& rs, int64_t from, int64_t to) {
  std::string message = "Scaled " + std::string(to > from ? "up" : "down") + " replica set " +
                        std::string(StringAt(rs, "metadata.name")) + " from " +
                        std::to_string(from) + " to " + std::to_string(to);
  ctx_.log->info("{}/{}: {}", Namespace(), Name(), message);
  ctx_.recorder.Event(d_, client::kEventNormal, "ScalingReplicaSet", message);
}

bool DeploymentSync::SetNewReplicaSetAnnotations(Json& rs, int64_t revision, bool exists) const {
  bool changed = false;
  if (const JsonValue* annotations = Path(d_, "metadata.annotations")) {
    for (const auto& m : annotations->GetObject()) {
      if (SkipCopyAnnotation(View(m.name)) || !m.value.IsString()) continue;
      changed |= SetAnnotation(rs, View(m.name), View(m.value));
    }
  }
  std::optional<std::string_view> old_text = Annotation(rs, kRevisionAnnotation);
  std::string old_revision(old_text.value_or(""));
  int64_t old_number = Revision(rs);
  if (old_number < revision) {
    changed |= SetAnnotation(rs, kRevisionAnnotation, std::to_string(revision));
    // Reusing an older set (a rollback): remember the number it had.
    if (!old_revision.empty()) {
      std::string history(Annotation(rs, kRevisionHistoryAnnotation).value_or(""));
      history = history.empty() ? old_revision : history + "," + old_revision;
      SetAnnotation(rs, kRevisionHistoryAnnotation, history);
    }
  }
  if (!exists) {
    changed |= SetAnnotation(rs, kDesiredReplicasAnnotation, std::to_string(SpecReplicas(d_)));
    changed |= SetAnnotation(rs, kMaxReplicasAnnotation,
                             std::to_string(SpecReplicas(d_) + MaxSurge(d_)));
  }
  return changed;
}

Status DeploymentSync::SetDeploymentRevision(std::string_view revision) {
  if (Annotation(d_, kRevisionAnnotation).value_or("") == revision) return Status::Ok();
  Json patch(rapidjson::kObjectType);
  JsonValue& annotations = Annotations(patch);
  SetString(annotations, kRevisionAnnotation, revision, patch.GetAllocator());
  auto deployments = ctx_.client.Resource(client::resources::kDeployments, Namespace());
  EKS_ASSIGN_OR_RETURN(Json updated, deployments.Patch(Name(), client::PatchType::kMerge,
                                                       ToJsonString(patch)));
  // Keep the in-memory status (the patch answer has the same).
  d_ = std::move(updated);
  return Status::Ok();
}

Status DeploymentSync::GetAllReplicaSets(bool create) {
  new_rs_ = nullptr;
  old_.clear();
  const JsonValue* template_spec = Path(d_, "spec.template");
  for (auto& rs : sets_) {
    const JsonValue* rs_template = Path(*rs, "spec.template");
    if (new_rs_ == nullptr && template_spec != nullptr && rs_template != nullptr &&
        EqualIgnoreHash(*template_spec, *rs_template)) {
      new_rs_ = rs.get();
    } else {
      old_.push_back(rs.get());
    }
  }
  int64_t max_old = 0;
  for (Json* rs : old_) max_old = std::max(max_old, Revision(*rs));
  int64_t revision = max_old + 1;
  if (new_rs_ == nullptr) return create ? CreateNewReplicaSet(revision) : Status::Ok();

  Json copy = client::CopyObject(*new_rs_);
  bool changed = SetNewReplicaSetAnnotations(copy, revision, true);
  int64_t min_ready = Int(d_, "spec.minReadySeconds");
  if (Int(copy, "spec.minReadySeconds") != min_ready) {
    SetInt(EnsureObject(copy, "spec", copy.GetAllocator()), "minReadySeconds", min_ready,
           copy.GetAllocator());
    changed = true;
  }
  if (changed) {
    auto sets = ctx_.client.Resource(client::resources::kReplicaSets, Namespace());
    EKS_ASSIGN_OR_RETURN(*new_rs_, sets.Update(copy));
  }
  EKS_RETURN_IF_ERROR(SetDeploymentRevision(Annotation(*new_rs_, kRevisionAnnotation).value_or("")));
  const JsonValue* status = Member(d_, "status");
  if (HasProgressDeadline(d_) &&
      (status == nullptr || StatusCondition(*status, "Progressing") == nullptr)) {
    Json next(rapidjson::kObjectType);
    if (status != nullptr) next.CopyFrom(*status, next.GetAllocator());
    SetStatusCondition(next, "Progressing", "True", kFoundNewRSReason,
                       "Found new replica set \"" +
                           std::string(StringAt(*new_rs_, "metadata.name")) + "\"",
                       ctx_.clock.Now());
    EKS_RETURN_IF_ERROR(WriteStatus(next));
  }
  return Status::Ok();
}

Status DeploymentSync::CreateNewReplicaSet(int64_t revision) {
  std::optional<int64_t> collisions = IntAt(d_, "status.collisionCount");
  Json rs(rapidjson::kObjectType);
  JsonAllocator& a = rs.GetAllocator();
  const JsonValue* template_spec = Path(d_, "spec.template");
  std::string hash =
      template_spec != nullptr ? PodTemplateHash(*template_spec, collisions) : "0";
  std::string name = Name() + "-" + hash;
  SetString(rs, "apiVersion", "apps/v1", a);
  SetString(rs, "kind", "ReplicaSet", a);
  JsonValue& meta = EnsureObject(rs, "metadata", a);
  SetString(meta, "name", name, a);
  SetString(meta, "namespace", Namespace(), a);
  JsonValue& spec = EnsureObject(rs, "spec", a);
  SetMember(spec, "template", template_spec ? JsonValue(*template_spec, a) : JsonValue(rapidjson::kObjectType), a);
  JsonValue& labels = EnsureObject(EnsureObject(spec["template"], "metadata", a), "labels", a);
  SetString(labels, kPodTemplateHashLabel, hash, a);
  SetMember(meta, "labels", JsonValue(labels, a), a);
  const JsonValue* selector = Path(d_, "spec.selector");
  SetMember(spec, "selector", selector ? JsonValue(*selector, a) : JsonValue(rapidjson::kObjectType), a);
  SetString(EnsureObject(spec["selector"], "matchLabels", a), kPodTemplateHashLabel, hash, a);
  SetInt(spec, "minReadySeconds", Int(d_, "spec.minReadySeconds"), a);
  Json ref = MakeControllerRef(d_, "apps/v1", "Deployment");
  AddOwnerRef(rs, ref, a);
  SetNewReplicaSetAnnotations(rs, revision, false);
  int64_t replicas = IsRollingUpdate(d_) ? 0 : SpecReplicas(d_);
  if (IsRollingUpdate(d_)) {
    int64_t current = 0;
    for (Json* old : old_) current += std::max(Int(*old, "spec.replicas"), Int(*old, "status.replicas"));
    replicas = NewReplicaSetReplicas(SpecReplicas(d_), MaxSurge(d_), current, 0);
  }
  SetInt(rs["spec"], "replicas", replicas, rs.GetAllocator());

  auto sets = ctx_.client.Resource(client::resources::kReplicaSets, Namespace());
  auto created = sets.Create(rs);
  if (!created.ok() && created.status().IsAlreadyExists()) {
    // Ours from an earlier pass that the cache has not shown yet, or a
    // stranger with our name: then change the hash and retry.
    EKS_ASSIGN_OR_RETURN(Json existing, sets.Get(name));
    const JsonValue* existing_template = Path(existing, "spec.template");
    if (IsControlledBy(existing, StringAt(d_, "metadata.uid")) && existing_template != nullptr &&
        template_spec != nullptr && EqualIgnoreHash(*existing_template, *template_spec)) {
      sets_.push_back(std::make_unique<Json>(std::move(existing)));
      new_rs_ = sets_.back().get();
      return Status::Ok();
    }
    Json status(rapidjson::kObjectType);
    if (const JsonValue* s = Member(d_, "status")) status.CopyFrom(*s, status.GetAllocator());
    SetInt(status, "collisionCount", collisions.value_or(0) + 1, status.GetAllocator());
    EKS_RETURN_IF_ERROR(WriteStatus(status));
    return Status::Conflict("replica set name " + name + " is taken; collisionCount raised");
  }
  if (!created.ok()) {
    if (HasProgressDeadline(d_)) {
      Json status(rapidjson::kObjectType);
      if (const JsonValue* s = Member(d_, "status")) status.CopyFrom(*s, status.GetAllocator());
      SetStatusCondition(status, "Progressing", "False", kFailedRSCreateReason,
                         "Failed to create new replica set \"" + name +
                             "\": " + created.status().message(),
                         ctx_.clock.Now());
      (void)WriteStatus(status);
    }
    return created.status();
  }
  sets_.push_back(std::make_unique<Json>(std::move(*created)));
  new_rs_ = sets_.back().get();
  if (replicas > 0) ScalingEvent(*new_rs_, 0, replicas);
  EKS_RETURN_IF_ERROR(SetDeploymentRevision(std::to_string(revision)));
  if (HasProgressDeadline(d_)) {
    Json status(rapidjson::kObjectType);
    if (const JsonValue* s = Member(d_, "status")) status.CopyFrom(*s, status.GetAllocator());
    SetStatusCondition(status, "Progressing", "True", kNewRSCreatedReason,
                       "Created new replica set \"" + name + "\"", ctx_.clock.Now());
    EKS_RETURN_IF_ERROR(WriteStatus(status));
  }
  return Status::Ok();
}

Status DeploymentSync::ScaleReplicaSet(Json& rs, int64_t replicas, bool* scaled) {
  if (scaled != nullptr) *scaled = false;
  int64_t from = Int(rs, "spec.replicas");
  std::string desired = std::to_string(SpecReplicas(d_));
  std::string max = std::to_string(SpecReplicas(d_) + MaxSurge(d_));
  bool annotations_stale = Annotation(rs, kDesiredReplicasAnnotation).value_or("") != desired ||
                           Annotation(rs, kMaxReplicasAnnotation).value_or("") != max;
  if (from == replicas && !annotations_stale) return Status::Ok();
  Json copy = client::CopyObject(rs);
  SetInt(EnsureObject(copy, "spec", copy.GetAllocator()), "replicas", replicas, copy.GetAllocator());
  SetAnnotation(copy, kDesiredReplicasAnnotation, desired);
  SetAnnotation(copy, kMaxReplicasAnnotation, max);
  auto sets = ctx_.client.Resource(client::resources::kReplicaSets, Namespace());
  EKS_ASSIGN_OR_RETURN(rs, sets.Update(copy));
  if (from != replicas) {
    ScalingEvent(rs, from, replicas);
    if (scaled != nullptr) *scaled = true;
  }
  return Status::Ok();
}

Status DeploymentSync::Cleanup() {
  auto limit = IntAt(d_, "spec.revisionHistoryLimit");
  if (!limit.has_value()) return Status::Ok();
  std::vector<Json*> cleanable;
  for (Json* rs : old_) {
    if (!IsBeingDeleted(*rs)) cleanable.push_back(rs);
  }
  int64_t diff = static_cast<int64_t>(cleanable.size()) - *limit;
  if (diff <= 0) return Status::Ok();
  std::stable_sort(cleanable.begin(), cleanable.end(),
                   [](Json* a, Json* b) { return Revision(*a) < Revision(*b); });
  auto sets = ctx_.client.Resource(client::resources::kReplicaSets, Namespace());
  for (int64_t i = 0; i < diff; ++i) {
    const Json& rs = *cleanable[i];
    if (Int(rs, "status.replicas") != 0 || Int(rs, "spec.replicas") != 0 ||
        Int(rs, "metadata.generation") > Int(rs, "status.observedGeneration")) {
      continue;
    }
    std::string name(StringAt(rs, "metadata.name"));
    ctx_.log->info("{}/{}: deleting old replica set {}", Namespace(), Name(), name);
    auto deleted = sets.Delete(name);
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  }
  return Status::Ok();
}

Status DeploymentSync::WriteStatus(const Json& status) {
  if (SameStatus(Member(d_, "status"), status)) return Status::Ok();
  Json copy = client::CopyObject(d_);
  SetMember(copy, "status", JsonValue(status, copy.GetAllocator()), copy.GetAllocator());
  auto deployments = ctx_.client.Resource(client::resources::kDeployments, Namespace());
  EKS_ASSIGN_OR_RETURN(d_, deployments.UpdateStatus(copy));
  return Status::Ok();
}

Status DeploymentSync::SyncDeploymentStatus() {
  Json status = CalculateDeploymentStatus(d_, AllConst(), new_rs_, ctx_.clock.Now());
  return WriteStatus(status);
}

Status DeploymentSync::SyncRolloutStatus() {
  Clock::time_point now = ctx_.clock.Now();
  Json status = CalculateDeploymentStatus(d_, AllConst(), new_rs_, now);
  UpdateProgressingCondition(d_, AllConst(), new_rs_, now, status);
  EKS_RETURN_IF_ERROR(WriteStatus(status));
  // Look again when the progress deadline passes, to report it.
  const JsonValue* c = StatusCondition(status, "Progressing");
  if (!HasProgressDeadline(d_) || c == nullptr || StringAt(*c, "status") != "True" ||
      StringAt(*c, "reason") == kNewRSAvailableReason || DeploymentComplete(d_, status)) {
    return Status::Ok();
  }
  Clock::time_point updated;
  if (!ParseRfc3339(StringAt(*c, "lastUpdateTime"), &updated)) return Status::Ok();
  Clock::duration after =
      updated + std::chrono::seconds(Int(d_, "spec.progressDeadlineSeconds")) - now;
  requeue_after_ = std::max<Clock::duration>(after + std::chrono::seconds(1), std::chrono::seconds(1));
  return Status::Ok();
}

Status DeploymentSync::CheckPausedConditions() {
  if (!HasProgressDeadline(d_)) return Status::Ok();
  const JsonValue* status = Member(d_, "status");
  const JsonValue* c = status == nullptr ? nullptr : StatusCondition(*status, "Progressing");
  if (c != nullptr && StringAt(*c, "reason") == kTimedOutReason) return Status::Ok();
  bool paused_condition = c != nullptr && StringAt(*c, "reason") == kPausedReason;
  const JsonValue* paused_field = Path(d_, "spec.paused");
  bool paused = paused_field != nullptr && paused_field->IsBool() && paused_field->GetBool();
  Json next(rapidjson::kObjectType);
  if (status != nullptr) next.CopyFrom(*status, next.GetAllocator());
  if (paused && !paused_condition) {
    SetStatusCondition(next, "Progressing", "Unknown", kPausedReason, "Deployment is paused",
                       ctx_.clock.Now());
  } else if (!paused && paused_condition) {
    SetStatusCondition(next, "Progressing", "Unknown", kResumedReason, "Deployment is resumed",
                       ctx_.clock.Now());
  } else {
    return Status::Ok();
  }
  return WriteStatus(next);
}

bool DeploymentSync::OldPodsRunning() const {
  for (Json* rs : old_) {
    if (Int(*rs, "status.replicas") > 0) return true;
    auto pods = ctx_.pods.ByIndex(kControllerUidIndex, StringAt(*rs, "metadata.uid"));
    if (!pods.ok()) continue;
    for (const client::ObjectPtr& pod : *pods) {
      std::string_view phase = StringAt(*pod, "status.phase");
      if (phase != "Failed" && phase != "Succeeded") return true;
    }
  }
  return false;
}

}  // namespace ekslite::controllers::deployment
