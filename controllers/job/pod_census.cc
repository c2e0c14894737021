#include "controllers/job/pod_census.h"

#include <algorithm>

#include "controllers/common/pod_util.h"
#include "controllers/job/job_pods.h"
#include "controllers/job/job_status.h"
#include "controllers/job/pod_failure_policy.h"

namespace ekslite::controllers::job {
namespace {

std::set<std::string> StringSet(const JsonValue* list) {
  std::set<std::string> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString()) out.insert(std::string(View(v)));
  }
  return out;
}

JsonValue StringArray(const std::set<std::string>& values, JsonAllocator& a) {
  JsonValue out(rapidjson::kArrayType);
  for (const std::string& v : values) out.PushBack(MakeString(v, a), a);
  return out;
}

// Adds a finished (or deleted) pod's outcome, unless counted before.
void Count(const JsonValue& job, const JsonValue& pod, PodCensus& census) {
  std::string uid(StringAt(pod, "metadata.uid"));
  if (census.uncounted_succeeded.count(uid) || census.uncounted_failed.count(uid)) return;
  if (StringAt(pod, "status.phase") != "Succeeded") {
    FailureVerdict verdict = JudgeFailedPod(job, pod);
    if (verdict.action == FailureAction::kIgnore) return;
    if (verdict.action == FailureAction::kFailJob && !census.policy_failure) {
      census.policy_failure = std::move(verdict.message);
    }
    ++census.failed;
    census.uncounted_failed.insert(uid);
    return;
  }
  std::optional<int64_t> index = PodCompletionIndex(pod);
  if (IsIndexed(job) && index && *index < Completions(job).value_or(0)) {
    census.completed_indexes.insert(*index);
  }
  ++census.succeeded;
  census.uncounted_succeeded.insert(uid);
}

}  // namespace

PodCensus TakeCensus(const JsonValue& job, const std::vector<client::ObjectPtr>& pods) {
  PodCensus census;
  census.succeeded = IntAt(job, "status.succeeded").value_or(0);
  census.failed = IntAt(job, "status.failed").value_or(0);
  census.uncounted_succeeded = StringSet(Path(job, "status.uncountedTerminatedPods.succeeded"));
  census.uncounted_failed = StringSet(Path(job, "status.uncountedTerminatedPods.failed"));
  census.completed_indexes = ParseIndexes(StringAt(job, "status.completedIndexes"));
  std::set<std::string> finalized;
  for (const client::ObjectPtr& pod : pods) {
    std::string_view phase = StringAt(*pod, "status.phase");
    bool finished = phase == "Succeeded" || phase == "Failed";
    if (!finished && !IsBeingDeleted(*pod)) {
      census.active.push_back(pod);
      if (IsPodReady(*pod)) ++census.ready;
      continue;
    }
    if (!finished) census.terminating.push_back(pod);
    if (!HasFinalizer(*pod, kTrackingFinalizer)) continue;
    finalized.insert(std::string(StringAt(*pod, "metadata.uid")));
    census.counted.push_back(pod);
    Count(job, *pod, census);
  }
  // Uids whose finalizer is gone are fully counted.
  std::erase_if(census.uncounted_succeeded, [&](const auto& u) { return !finalized.count(u); });
  std::erase_if(census.uncounted_failed, [&](const auto& u) { return !finalized.count(u); });
  if (IsIndexed(job)) census.succeeded = static_cast<int64_t>(census.completed_indexes.size());
  return census;
}

void WriteCensus(const JsonValue& job, const PodCensus& census, size_t deleting, JsonValue& status,
                 JsonAllocator& a) {
  size_t active = census.active.size() - std::min(census.active.size(), deleting);
  SetInt(status, "active", static_cast<int64_t>(active), a);
  SetInt(status, "ready", census.ready, a);
  SetInt(status, "succeeded", census.succeeded, a);
  SetInt(status, "failed", census.failed, a);
  SetInt(status, "terminating", static_cast<int64_t>(census.terminating.size()), a);
  JsonValue uncounted(rapidjson::kObjectType);
  if (!census.uncounted_succeeded.empty()) {
    uncounted.AddMember("succeeded", StringArray(census.uncounted_succeeded, a), a);
  }
  if (!census.uncounted_failed.empty()) {
    uncounted.AddMember("failed", StringArray(census.uncounted_failed, a), a);
  }
  SetMember(status, "uncountedTerminatedPods", std::move(uncounted), a);
  if (IsIndexed(job) && !census.completed_indexes.empty()) {
    SetString(status, "completedIndexes", FormatIndexes(census.completed_indexes), a);
  }
}

}  // namespace ekslite::controllers::job
