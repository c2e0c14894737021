#include "controllers/job/job_controller.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <set>

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/job/job_pods.h"
#include "controllers/job/job_status.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;
using job::PodCensus;

constexpr char kCompletionsReached[] = "Reached expected number of succeeded pods";

using Failure = job::JobFailure;

// How soon a Job whose cached copy is older than our last write is looked at
// again.
constexpr std::chrono::milliseconds kCacheCatchUp{20};

// This apiserver's resourceVersions are its store's revisions: numbers that
// grow with every write.
int64_t ResourceVersionOf(const JsonValue& object) {
  return std::strtoll(std::string(StringAt(object, "metadata.resourceVersion")).c_str(), nullptr, 10);
}

// With restartPolicy OnFailure failed containers restart in place: their
// restarts in pending and running pods count against backoffLimit (upstream:
// any restart when the limit is 0, else restarts >= the limit).
bool PastBackoffLimitOnFailure(const JsonValue& job, const PodCensus& census) {
  if (StringAt(job, "spec.template.spec.restartPolicy") != "OnFailure") return false;
  int64_t restarts = 0;
  for (const ObjectPtr& pod : census.active) {
    std::string_view phase = StringAt(*pod, "status.phase");
    if (phase == "Pending" || phase == "Running") restarts += PodRestartCount(*pod);
  }
  int64_t limit = job::BackoffLimit(job);
  return limit == 0 ? restarts > 0 : restarts >= limit;
}

// Why a running Job must fail now, if it must.
std::optional<Failure> FailureOf(const JsonValue& job, const PodCensus& census,
                                 std::optional<Clock::time_point> start, Clock::time_point now) {
  // Once success is decided, failures of pods deleted since do not undo it.
  if (job::HasTrueCondition(job, "SuccessCriteriaMet")) return std::nullopt;
  if (job::HasTrueCondition(job, "FailureTarget")) {
    const JsonValue* c = FindCondition(job, "FailureTarget");
    return Failure{std::string(StringAt(*c, "reason")), std::string(StringAt(*c, "message"))};
  }
  if (census.policy_failure) return Failure{"PodFailurePolicy", *census.policy_failure};
  if (job::BackoffLimitPerIndex(job)) {
    const int64_t failed = static_cast<int64_t>(census.failed_indexes.size());
    if (auto max = job::MaxFailedIndexes(job); max && failed > *max) {
      return Failure{"MaxFailedIndexesExceeded",
                     "Job has exceeded the specified maximal number of failed indexes"};
    }
    const int64_t done = failed + static_cast<int64_t>(census.completed_indexes.size());
    if (failed > 0 && done >= job::Completions(job).value_or(1)) {
      return Failure{"FailedIndexes", "Job has failed indexes"};
    }
  }
  if (census.failed > job::BackoffLimit(job) || PastBackoffLimitOnFailure(job, census)) {
    return Failure{"BackoffLimitExceeded", "Job has reached the specified backoff limit"};
  }
  auto deadline = IntAt(job, "spec.activeDeadlineSeconds");
  if (deadline && start && !job::IsSuspended(job) &&
      now >= *start + std::chrono::seconds(*deadline)) {
    return Failure{"DeadlineExceeded", "Job was active longer than specified deadline"};
  }
  return std::nullopt;
}

bool IsComplete(const JsonValue& job, const PodCensus& census) {
  std::optional<int64_t> completions = job::Completions(job);
  if (job::IsIndexed(job)) {
    return static_cast<int64_t>(census.completed_indexes.size()) >= completions.value_or(1);
  }
  if (completions) return census.succeeded >= *completions;
  // Without completions the first success ends the Job once the rest stopped.
  return census.succeeded > 0 && census.active.empty();
}

// The indexes of an Indexed Job that need a pod now, within parallelism.
std::vector<int64_t> PendingIndexes(const JsonValue& job, const PodCensus& census) {
  std::set<int64_t> running;
  for (const ObjectPtr& p : census.active) {
    if (auto i = job::PodCompletionIndex(*p)) running.insert(*i);
  }
  int64_t room = job::Parallelism(job) - static_cast<int64_t>(census.active.size());
  std::vector<int64_t> pending;
  for (int64_t i = 0; i < job::Completions(job).value_or(1) && room > 0; ++i) {
    if (census.completed_indexes.count(i) || census.failed_indexes.count(i) || running.count(i)) {
      continue;
    }
    pending.push_back(i);
    --room;
  }
  return pending;
}

}  // namespace

JobController::JobController(const client::DynamicClient& client,
                             client::InformerFactory& informers, JobControllerOptions options)
    : QueueController(
          {.name = "job-controller", .workers = options.workers, .clock = options.clock}),
      client_(client),
      expectations_(*options.clock),
      backoff_(options.backoff) {
  jobs_ = informers.ForResource(client::resources::kJobs);
  pods_ = informers.ForResource(client::resources::kPods);
  (void)pods_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
  events_ = client::NewEventRecorder(client, {"job-controller", "", options.clock});
  WatchInformer(jobs_, EnqueueHandlers());
  client::EventHandlers pod_handlers;
  pod_handlers.on_add = [this](const ObjectPtr& pod) { OnPodEvent(*pod, true, false); };
  pod_handlers.on_update = [this](const ObjectPtr&, const ObjectPtr& pod) {
    OnPodEvent(*pod, false, false);
  };
  pod_handlers.on_delete = [this](const ObjectPtr& pod) { OnPodEvent(*pod, false, true); };
  WatchInformer(pods_, std::move(pod_handlers));
}

JobController::~JobController() { Stop(); }

int64_t JobController::LastWritten(const std::string& key) {
  std::lock_guard<std::mutex> lock(written_mu_);
  auto it = written_.find(key);
  return it == written_.end() ? 0 : it->second;
}

void JobController::OnPodEvent(const JsonValue& pod, bool added, bool deleted) {
  std::optional<OwnerRef> owner = ControllerOf(pod);
  if (!owner || owner->kind != "Job") return;
  std::string key = client::ObjectKey(StringAt(pod, "metadata.namespace"), owner->name);
  if (added) expectations_.CreationObserved(key);
  if (deleted) expectations_.DeletionObserved(key);
  queue().Add(key);
}

std::vector<ObjectPtr> JobController::PodsOf(const JsonValue& job) const {
  auto pods = pods_->indexer().ByIndex(kControllerUidIndex, StringAt(job, "metadata.uid"));
  return pods.ok() ? *pods : std::vector<ObjectPtr>{};
}

Status JobController::Sync(const std::string& key) {
  ObjectPtr job = jobs_->indexer().Get(key);
  if (job == nullptr) {
    expectations_.Delete(key);
    std::lock_guard<std::mutex> lock(written_mu_);
    written_.erase(key);
    return Status::Ok();
  }
  if (ResourceVersionOf(*job) < LastWritten(key)) {
    queue().AddAfter(key, kCacheCatchUp);  // the informer brings our own write soon
    return Status::Ok();
  }
  std::vector<ObjectPtr> pods = PodsOf(*job);
  if (job::IsJobFinished(*job) || IsBeingDeleted(*job)) return SyncFinished(*job, pods);
  PodCensus census = job::TakeCensus(*job, pods);

  Json updated = client::CopyObject(*job);
  JsonAllocator& a = updated.GetAllocator();
  Clock::time_point now = clock().Now();
  JsonValue& status = EnsureObject(updated, "status", a);
  if (!job::IsSuspended(*job) && Member(status, "startTime") == nullptr) {
    SetString(status, "startTime", FormatRfc3339(now), a);
  }
  std::optional<Clock::time_point> start;
  if (Clock::time_point t; ParseRfc3339(StringAt(status, "startTime"), &t)) start = t;
  std::optional<Failure> failure = FailureOf(*job, census, start, now);

  std::vector<ObjectPtr> to_delete;
  Clock::duration backoff_left = job::RemainingBackoff(pods, now, backoff_);
  EKS_RETURN_IF_ERROR(Decide(*job, key, census, failure, backoff_left, updated, &to_delete));
  if (!to_delete.empty()) EKS_RETURN_IF_ERROR(DeletePods(*job, key, to_delete));
  job::WriteCensus(*job, census, to_delete.size(), updated["status"], a);
  const JsonValue* before = Member(*job, "status");
  if (before == nullptr || ToJsonString(*before) != ToJsonString(updated["status"])) {
    std::string ns(StringAt(*job, "metadata.namespace"));
    auto written = client_.Resource(client::resources::kJobs, ns).UpdateStatus(updated);
    if (!written.ok()) return written.status();
    std::lock_guard<std::mutex> lock(written_mu_);
    written_[key] = ResourceVersionOf(*written);
  }
  // Only once the counts are stored may the counted pods go.
  EKS_RETURN_IF_ERROR(RemoveFinalizers(census.counted));
  if (auto deadline = IntAt(*job, "spec.activeDeadlineSeconds"); deadline && start && !failure) {
    auto due = *start + std::chrono::seconds(*deadline) - now + std::chrono::milliseconds(100);
    queue().AddAfter(key, due);
  }
  return Status::Ok();
}

// Sets the conditions the census and `failure` call for on `updated`, and
// creates or picks (into `to_delete`) the pods that make the active ones
// what the Job wants. Failed, complete and suspended Jobs keep no pods; the
// terminal Failed/Complete condition follows FailureTarget/
// SuccessCriteriaMet once no pod is left running or terminating.
Status JobController::Decide(const JsonValue& job, const std::string& key, const PodCensus& census,
                             const std::optional<job::JobFailure>& failure,
                             Clock::duration backoff_left, Json& updated,
                             std::vector<ObjectPtr>* to_delete) {
  Clock::time_point now = clock().Now();
  bool quiet = census.active.empty() && census.terminating.empty();
  if (failure) {
    job::SetJobCondition(updated, "FailureTarget", "True", failure->reason, failure->message, now);
    *to_delete = census.active;
    if (quiet) {
      job::SetJobCondition(updated, "Failed", "True", failure->reason, failure->message, now);
      events_->Event(job, client::kEventWarning, failure->reason, failure->message);
    }
    return Status::Ok();
  }
  if (IsComplete(job, census)) {
    job::SetJobCondition(updated, "SuccessCriteriaMet", "True", "CompletionsReached",
                         kCompletionsReached, now);
    *to_delete = census.active;
    if (quiet) {
      job::SetJobCondition(updated, "Complete", "True", "CompletionsReached", kCompletionsReached,
                           now);
      SetString(updated["status"], "completionTime", FormatRfc3339(now), updated.GetAllocator());
      events_->Event(job, client::kEventNormal, "Completed", "Job completed");
    }
    return Status::Ok();
  }
  if (job::IsSuspended(job)) {
    *to_delete = census.active;
    if (job::SetJobCondition(updated, "Suspended", "True", "JobSuspended", "Job suspended", now)) {
      events_->Event(job, client::kEventNormal, "Suspended", "Job suspended");
    }
    RemoveMember(updated["status"], "startTime");
    return Status::Ok();
  }
  if (job::HasTrueCondition(job, "Suspended") &&
      job::SetJobCondition(updated, "Suspended", "False", "JobResumed", "Job resumed", now)) {
    events_->Event(job, client::kEventNormal, "Resumed", "Job resumed");
  }
  // Act only on a cache that has seen this controller's last creations.
  if (!expectations_.Satisfied(key)) return Status::Ok();
  // New pods wait out the back-off of recent failures; look again then.
  auto create = [&](const std::vector<int64_t>& indexes, int64_t count) {
    if (count <= 0) return Status::Ok();
    if (backoff_left > Clock::duration::zero()) {
      queue().AddAfter(key, backoff_left);
      return Status::Ok();
    }
    return CreatePods(job, key, indexes, count, census.index_failures);
  };
  if (job::IsIndexed(job)) {
    std::vector<int64_t> pending = PendingIndexes(job, census);
    if (!job::BackoffLimitPerIndex(job)) return create(pending, static_cast<int64_t>(pending.size()));
    // Each index waits out the back-off of its own failures.
    std::vector<int64_t> due;
    Clock::duration wait = Clock::duration::max();
    for (int64_t i : pending) {
      std::vector<ObjectPtr> of_index;
      for (const ObjectPtr& p : census.pods) {
        if (job::PodCompletionIndex(*p) == i) of_index.push_back(p);
      }
      Clock::duration left = job::RemainingBackoff(of_index, now, backoff_);
      if (left > Clock::duration::zero()) {
        wait = std::min(wait, left);
      } else {
        due.push_back(i);
      }
    }
    if (wait != Clock::duration::max()) queue().AddAfter(key, wait);
    return CreatePods(job, key, due, static_cast<int64_t>(due.size()), census.index_failures);
  }
  std::optional<int64_t> completions = job::Completions(job);
  int64_t want = job::Parallelism(job);
  if (completions) want = std::min(want, *completions - census.succeeded);
  if (!completions && census.succeeded > 0) want = 0;
  want = std::max<int64_t>(want, 0);
  int64_t active = static_cast<int64_t>(census.active.size());
  if (want > active) return create({}, want - active);
  if (want < active) to_delete->assign(census.active.end() - (active - want), census.active.end());
  return Status::Ok();
}

}  // namespace ekslite::controllers
