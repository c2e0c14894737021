#include "controllers/cronjob/cronjob_controller.h"

#include <algorithm>

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/cronjob/schedule.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

// "Complete" or "Failed" when the Job finished, else "".
std::string_view FinishedAs(const JsonValue& job) {
  for (std::string_view type : {"Complete", "Failed"}) {
    if (ConditionStatus(job, type) == "True") return type;
  }
  return "";
}

JsonValue JobRef(const JsonValue& job, JsonAllocator& a) {
  JsonValue ref(rapidjson::kObjectType);
  ref.AddMember("apiVersion", "batch/v1", a);
  ref.AddMember("kind", "Job", a);
  for (const char* f : {"name", "namespace", "uid", "resourceVersion"}) {
    ref.AddMember(JsonValue(f, a), MakeString(StringAt(job, std::string("metadata.") + f), a), a);
  }
  return ref;
}

Json JobFor(const JsonValue& cronjob, const std::string& name, Clock::time_point scheduled) {
  Json job(rapidjson::kObjectType);
  JsonAllocator& a = job.GetAllocator();
  SetString(job, "apiVersion", "batch/v1", a);
  SetString(job, "kind", "Job", a);
  JsonValue& meta = EnsureObject(job, "metadata", a);
  SetString(meta, "name", name, a);
  SetString(meta, "namespace", StringAt(cronjob, "metadata.namespace"), a);
  for (const char* m : {"labels", "annotations"}) {
    const JsonValue* from = Path(cronjob, std::string("spec.jobTemplate.metadata.") + m);
    if (from != nullptr && from->IsObject()) SetMember(meta, m, JsonValue(*from, a), a);
  }
  SetString(EnsureObject(meta, "annotations", a), "batch.kubernetes.io/cronjob-scheduled-timestamp",
            FormatRfc3339(scheduled), a);
  AddOwnerRef(job, MakeControllerRef(cronjob, "batch/v1", "CronJob"), a);
  const JsonValue* spec = Path(cronjob, "spec.jobTemplate.spec");
  SetMember(
      job, "spec",
      spec != nullptr && spec->IsObject() ? JsonValue(*spec, a) : JsonValue(rapidjson::kObjectType),
      a);
  return job;
}

}  // namespace

CronJobController::CronJobController(const client::DynamicClient& client,
                                     client::InformerFactory& informers,
                                     CronJobControllerOptions options)
    : QueueController(
          {.name = "cronjob-controller", .workers = options.workers, .clock = options.clock}),
      client_(client) {
  cronjobs_ = informers.ForResource(client::resources::kCronJobs);
  jobs_ = informers.ForResource(client::resources::kJobs);
  (void)jobs_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
  events_ = client::NewEventRecorder(client, {"cronjob-controller", "", options.clock});
  WatchInformer(cronjobs_, EnqueueHandlers());
  client::EventHandlers jobs;
  jobs.on_add = [this](const ObjectPtr& j) { EnqueueOwner(*j); };
  jobs.on_update = [this](const ObjectPtr&, const ObjectPtr& j) { EnqueueOwner(*j); };
  jobs.on_delete = [this](const ObjectPtr& j) { EnqueueOwner(*j); };
  WatchInformer(jobs_, std::move(jobs));
}

CronJobController::~CronJobController() { Stop(); }

void CronJobController::EnqueueOwner(const JsonValue& job) {
  std::optional<OwnerRef> owner = ControllerOf(job);
  if (!owner || owner->kind != "CronJob") return;
  queue().Add(client::ObjectKey(StringAt(job, "metadata.namespace"), owner->name));
}

Status CronJobController::DeleteJob(const JsonValue& cronjob, const JsonValue& job) {
  client::DeleteOptions options;
  options.propagation_policy = "Background";
  std::string name(StringAt(job, "metadata.name"));
  auto deleted =
      client_.Resource(client::resources::kJobs, std::string(StringAt(job, "metadata.namespace")))
          .Delete(name, options);
  if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  events_->Event(cronjob, client::kEventNormal, "SuccessfulDelete", "Deleted job " + name);
  return Status::Ok();
}

Status CronJobController::TrackJobs(const JsonValue& cronjob, const std::vector<ObjectPtr>& jobs,
                                    Json& updated) {
  JsonAllocator& a = updated.GetAllocator();
  JsonValue& status = EnsureObject(updated, "status", a);
  JsonValue active(rapidjson::kArrayType);
  std::vector<ObjectPtr> succeeded, failed;
  for (const ObjectPtr& job : jobs) {
    std::string_view finished = FinishedAs(*job);
    bool was_active = false;
    if (const JsonValue* list = Path(cronjob, "status.active"); list && list->IsArray()) {
      for (const JsonValue& ref : list->GetArray()) {
        was_active = was_active || StringAt(ref, "uid") == StringAt(*job, "metadata.uid");
      }
    }
    if (finished.empty()) {
      if (!IsBeingDeleted(*job)) active.PushBack(JobRef(*job, a), a);
      continue;
    }
    (finished == "Complete" ? succeeded : failed).push_back(job);
    if (was_active) {
      events_->Event(cronjob, client::kEventNormal, "SawCompletedJob",
                     "Saw completed job: " + std::string(StringAt(*job, "metadata.name")) +
                         ", condition: " + std::string(finished));
    }
    if (finished == "Complete") {
      std::string_view done = StringAt(*job, "status.completionTime");
      Clock::time_point t, last{};
      bool have_last = ParseRfc3339(StringAt(status, "lastSuccessfulTime"), &last);
      if (ParseRfc3339(done, &t) && (!have_last || t > last)) {
        SetString(status, "lastSuccessfulTime", done, a);
      }
    }
  }
  if (active.Empty()) {
    RemoveMember(status, "active");
  } else {
    SetMember(status, "active", std::move(active), a);
  }
  // History: the newest finished Jobs within each limit stay.
  auto newest_first = [](const ObjectPtr& x, const ObjectPtr& y) {
    return CreationTime(*x) > CreationTime(*y);
  };
  Status first_error;
  for (auto [list, limit] :
       {std::pair{&succeeded, IntAt(cronjob, "spec.successfulJobsHistoryLimit").value_or(3)},
        std::pair{&failed, IntAt(cronjob, "spec.failedJobsHistoryLimit").value_or(1)}}) {
    std::sort(list->begin(), list->end(), newest_first);
    for (size_t i = static_cast<size_t>(std::max<int64_t>(limit, 0)); i < list->size(); ++i) {
      if (IsBeingDeleted(*(*list)[i])) continue;
      Status s = DeleteJob(cronjob, *(*list)[i]);
      if (!s.ok() && first_error.ok()) first_error = s;
    }
  }
  return first_error;
}

// The schedule of `cronjob` in its time zone. kNotFound/kInvalid for a zone
// that cannot be loaded (an UnknownTimeZone event says so).
StatusOr<cronjob::Schedule> CronJobController::ScheduleOf(const JsonValue& cronjob) {
  EKS_ASSIGN_OR_RETURN(cronjob::Schedule schedule,
                       cronjob::Schedule::Parse(StringAt(cronjob, "spec.schedule")));
  std::string_view zone_name = StringAt(cronjob, "spec.timeZone");
  if (zone_name.empty()) return schedule;
  auto zone = cronjob::TimeZone::Load(zone_name);
  if (!zone.ok()) {
    events_->Event(
        cronjob, client::kEventWarning, "UnknownTimeZone",
        "invalid timeZone: \"" + std::string(zone_name) + "\": " + zone.status().message());
    return zone.status();
  }
  schedule.set_time_zone(std::move(*zone));
  return schedule;
}

// Starts the Job of scheduled time `due` unless the deadline passed or
// concurrencyPolicy forbids it, recording it in status.active. `*waiting`
// is set when a Forbid policy makes it wait for the running Job.
Status CronJobController::StartJob(const JsonValue& cronjob, const std::vector<ObjectPtr>& jobs,
                                   Clock::time_point due, Json& updated, bool* waiting) {
  *waiting = false;
  int64_t minutes =
      std::chrono::duration_cast<std::chrono::minutes>(due.time_since_epoch()).count();
  std::string name =
      std::string(StringAt(cronjob, "metadata.name")) + "-" + std::to_string(minutes);
  // A Job an earlier sync created (its status write did not land) counts.
  for (const ObjectPtr& j : jobs) {
    if (StringAt(*j, "metadata.name") == name) return Status::Ok();
  }
  auto deadline = IntAt(cronjob, "spec.startingDeadlineSeconds");
  if (deadline && due + std::chrono::seconds(*deadline) < clock().Now()) {
    events_->Event(cronjob, client::kEventWarning, "MissSchedule",
                   "Missed scheduled time to start a job: " + FormatRfc3339(due));
    return Status::Ok();
  }
  std::string_view policy = StringAt(cronjob, "spec.concurrencyPolicy", "Allow");
  const JsonValue* active = Path(updated, "status.active");
  bool running = active != nullptr && active->IsArray() && !active->Empty();
  if (policy == "Forbid" && running) {
    *waiting = true;
    return Status::Ok();
  }
  JsonAllocator& a = updated.GetAllocator();
  if (policy == "Replace" && running) {
    for (const ObjectPtr& job : jobs) {
      if (FinishedAs(*job).empty() && !IsBeingDeleted(*job)) {
        EKS_RETURN_IF_ERROR(DeleteJob(cronjob, *job));
      }
    }
    RemoveMember(updated["status"], "active");
  }
  std::string ns(StringAt(cronjob, "metadata.namespace"));
  auto created = client_.Resource(client::resources::kJobs, ns).Create(JobFor(cronjob, name, due));
  if (!created.ok()) {
    if (created.status().IsAlreadyExists()) return Status::Ok();
    events_->Event(cronjob, client::kEventWarning, "FailedCreate",
                   "Error creating job: " + created.status().message());
    return created.status();
  }
  events_->Event(cronjob, client::kEventNormal, "SuccessfulCreate", "Created job " + name);
  JsonValue& status = EnsureObject(updated, "status", a);
  JsonValue* list = Member(status, "active");
  if (list == nullptr || !list->IsArray()) {
    SetMember(status, "active", JsonValue(rapidjson::kArrayType), a);
    list = Member(status, "active");
  }
  list->PushBack(JobRef(*created, a), a);
  return Status::Ok();
}

Status CronJobController::Sync(const std::string& key) {
  ObjectPtr cronjob = cronjobs_->indexer().Get(key);
  if (cronjob == nullptr || IsBeingDeleted(*cronjob)) return Status::Ok();
  auto owned = jobs_->indexer().ByIndex(kControllerUidIndex, StringAt(*cronjob, "metadata.uid"));
  std::vector<ObjectPtr> jobs = owned.ok() ? *owned : std::vector<ObjectPtr>{};
  Json updated = client::CopyObject(*cronjob);
  Status tracked = TrackJobs(*cronjob, jobs, updated);
  auto schedule = ScheduleOf(*cronjob);
  const JsonValue* suspend = Path(*cronjob, "spec.suspend");
  bool suspended = suspend != nullptr && suspend->IsBool() && suspend->GetBool();
  Clock::time_point now = clock().Now();
  if (schedule.ok() && !suspended) {
    Clock::time_point since = CreationTime(*cronjob);
    Clock::time_point last_schedule;
    if (ParseRfc3339(StringAt(*cronjob, "status.lastScheduleTime"), &last_schedule)) {
      since = last_schedule;
    }
    int missed = 0;
    std::optional<Clock::time_point> due = cronjob::LastFiring(*schedule, since, now, &missed);
    if (missed > 100) {
      events_->Event(*cronjob, client::kEventWarning, "TooManyMissedTimes",
                     "too many missed start times: " + std::to_string(missed) +
                         ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    bool waiting = false;
    if (due) EKS_RETURN_IF_ERROR(StartJob(*cronjob, jobs, *due, updated, &waiting));
    if (waiting) {
      log()->info("{}: not starting a job at {}: one is still running", key, FormatRfc3339(*due));
      queue().AddAfter(key, std::chrono::seconds(1));
    } else if (due) {
      SetString(EnsureObject(updated, "status", updated.GetAllocator()), "lastScheduleTime",
                FormatRfc3339(*due), updated.GetAllocator());
    }
  }
  const JsonValue* before = Member(*cronjob, "status");
  const JsonValue* after = Member(updated, "status");
  if (before == nullptr || after == nullptr || ToJsonString(*before) != ToJsonString(*after)) {
    std::string ns(StringAt(*cronjob, "metadata.namespace"));
    auto written = client_.Resource(client::resources::kCronJobs, ns).UpdateStatus(updated);
    if (!written.ok()) return written.status();
  }
  if (schedule.ok() && !suspended) {
    if (auto next = schedule->Next(now)) {
      queue().AddAfter(key, *next - now + std::chrono::milliseconds(100));
    }
  }
  return tracked;
}

}  // namespace ekslite::controllers
