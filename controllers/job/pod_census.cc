#include "controllers/job/pod_census.h"

#include <algorithm>
#include <cstdlib>
#include <string>

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

// The failures of a pod's index before it (its annotation; 0 when absent).
int64_t IndexFailureCount(const JsonValue& pod) {
  const JsonValue* annotations = Path(pod, "metadata.annotations");
  const JsonValue* v = annotations == nullptr ? nullptr
                                              : Member(*annotations, kIndexFailureCountAnnotation);
  if (v == nullptr || !v->IsString()) return 0;
  return std::strtoll(std::string(View(*v)).c_str(), nullptr, 10);
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
  census.failed_indexes = ParseIndexes(StringAt(job, "status.failedIndexes"));
  census.pods = pods;
  std::set<std::string> finalized;
  const std::optional<int64_t> per_index_limit = BackoffLimitPerIndex(job);
  for (const client::ObjectPtr& pod : pods) {
    // Indexes are judged from every pod still there, counted or not, so a
    // Job status the cache has not caught up with cannot revive an index.
    const int64_t index = IsIndexed(job) ? PodCompletionIndex(*pod).value_or(-1) : -1;
    std::string_view phase = StringAt(*pod, "status.phase");
    if (index >= 0 && phase == "Succeeded" && index < Completions(job).value_or(0)) {
      census.completed_indexes.insert(index);
    }
    if (index >= 0 && phase == "Failed" && per_index_limit) {
      FailureAction action = JudgeFailedPod(job, *pod).action;
      if (action != FailureAction::kIgnore) {
        int64_t failures = IndexFailureCount(*pod) + 1;
        int64_t& n = census.index_failures[index];
        n = std::max(n, failures);
        if (action == FailureAction::kFailIndex || failures > *per_index_limit) {
          census.failed_indexes.insert(index);
        }
      }
    }
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
  if (BackoffLimitPerIndex(job)) {
    SetString(status, "failedIndexes", FormatIndexes(census.failed_indexes), a);
  }
}

}  // namespace ekslite::controllers::job
