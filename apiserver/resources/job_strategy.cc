// Jobs and CronJobs: run-to-completion workloads.
#include <limits>

#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/cron_schedule.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/pod_spec.h"
#include "apiserver/resources/workload_rules.h"

namespace ekslite::apiserver {
namespace {

// The labels upstream puts on a Job's pods (the legacy and the
// batch.kubernetes.io spelling of each).
constexpr const char* kJobNameLabels[] = {"job-name", "batch.kubernetes.io/job-name"};
constexpr const char* kControllerUidLabels[] = {"controller-uid",
                                                "batch.kubernetes.io/controller-uid"};

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

void DefaultJobSpec(JsonValue& spec, JsonAllocator& a) {
  if (Unset(spec, "completions") && Unset(spec, "parallelism")) {
    SetInt(spec, "completions", 1, a);
    SetInt(spec, "parallelism", 1, a);
  }
  DefaultInt(spec, "parallelism", 1, a);
  DefaultInt(spec, "backoffLimit",
             Unset(spec, "backoffLimitPerIndex") ? 6 : std::numeric_limits<int32_t>::max(), a);
  DefaultString(spec, "completionMode", "NonIndexed", a);
  DefaultBool(spec, "suspend", false, a);
  DefaultString(spec, "podReplacementPolicy",
                Unset(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed", a);
  DefaultBool(spec, "manualSelector", false, a);
  DefaultPodTemplate(EnsureObject(spec, "template", a), a);
}

// A Job without labels of its own carries its template's (upstream's
// defaulter shares the map, so the generated labels show too).
void CopyTemplateLabels(Json& job) {
  JsonAllocator& a = job.GetAllocator();
  const JsonValue* labels = Path(job, "spec.template.metadata.labels");
  if (labels == nullptr || !labels->IsObject()) return;
  JsonValue& meta = EnsureObject(job, "metadata", a);
  if (SizeAt(meta, "labels") == 0) SetMember(meta, "labels", JsonValue(*labels, a), a);
}

void DefaultJob(Json& job) {
  DefaultJobSpec(EnsureObject(job, "spec", job.GetAllocator()), job.GetAllocator());
  CopyTemplateLabels(job);
}

void AddIfMissing(JsonValue& labels, std::string_view key, std::string_view value,
                  JsonAllocator& a) {
  if (Member(labels, key) == nullptr) SetString(labels, key, value, a);
}

// Upstream's generated selector: the pods carry job-name and controller-uid
// labels, and the selector is the job's uid.
void GenerateSelector(Json& job) {
  JsonAllocator& a = job.GetAllocator();
  std::string name(StringAt(job, "metadata.name"));
  std::string uid(StringAt(job, "metadata.uid"));
  JsonValue& spec = EnsureObject(job, "spec", a);
  JsonValue& labels =
      EnsureObject(EnsureObject(EnsureObject(spec, "template", a), "metadata", a), "labels", a);
  for (const char* key : kJobNameLabels) AddIfMissing(labels, key, name, a);
  for (const char* key : kControllerUidLabels) AddIfMissing(labels, key, uid, a);
  JsonValue& match = EnsureObject(EnsureObject(spec, "selector", a), "matchLabels", a);
  AddIfMissing(match, kControllerUidLabels[1], uid, a);
}

void ValidateJobTemplate(const JsonValue& spec, const api::FieldPath& path,
                         api::ErrorList* errors) {
  const JsonValue* t = Member(spec, "template");
  ValidatePodTemplate(t, path.Child("template"), errors);
  std::string_view policy = t != nullptr ? StringAt(*t, "spec.restartPolicy") : "";
  if (policy != "OnFailure" && policy != "Never") {
    errors->Add(
        api::NotSupported(path.Child("template").Child("spec").Child("restartPolicy"),
                          api::BadValue::String(policy), {"OnFailure", "Never"}));
  }
}

void ValidateJobSpec(const JsonValue& spec, const api::FieldPath& path, bool need_selector,
                     api::ErrorList* errors) {
  ValidateNonNegative(spec, "parallelism", path.Child("parallelism"), errors);
  ValidateNonNegative(spec, "completions", path.Child("completions"), errors);
  ValidateNonNegative(spec, "backoffLimit", path.Child("backoffLimit"), errors);
  if (need_selector) {
    ValidateSelectorMatchesTemplate(spec, path, "",
                                    path.Child("template").Child("metadata").Child("labels"),
                                    errors);
  }
  std::string_view mode = StringAt(spec, "completionMode", "NonIndexed");
  if (mode != "NonIndexed" && mode != "Indexed") {
    errors->Add(api::NotSupported(path.Child("completionMode"), api::BadValue::String(mode),
                                  {"NonIndexed", "Indexed"}));
  }
  ValidateJobTemplate(spec, path, errors);
}

void ValidateJobUpdate(const JsonValue& spec, const JsonValue& old, api::ErrorList* errors) {
  ValidateImmutable(spec, old, "selector", SpecPath().Child("selector"),
                    api::BadValue::Raw(GoLabelSelector(Member(spec, "selector"))), errors);
  if (auto c = IntAt(spec, "completions"); StringAt(spec, "completionMode") != "Indexed") {
    ValidateImmutable(spec, old, "completions", SpecPath().Child("completions"),
                      c ? api::BadValue::Int(*c) : api::BadValue::Null(), errors);
  }
  ValidateImmutable(spec, old, "completionMode", SpecPath().Child("completionMode"),
                    api::BadValue::String(StringAt(spec, "completionMode")), errors);
  // The template may change only while the Job is suspended.
  if (!BoolAt(old, "suspend")) {
    ValidateImmutable(spec, old, "template", SpecPath().Child("template"),
                      api::BadValue::Raw("core.PodTemplateSpec{...}"), errors);
  }
}

Status ValidateJob(const JsonValue& job, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(job, "spec");
  ValidateJobSpec(spec, SpecPath(), true, &errors);
  if (old != nullptr) ValidateJobUpdate(spec, ObjectAt(*old, "spec"), &errors);
  return InvalidIfAny("Job", "batch", job, errors);
}

void DefaultCronJob(Json& cj) {
  JsonAllocator& a = cj.GetAllocator();
  JsonValue& spec = EnsureObject(cj, "spec", a);
  DefaultString(spec, "concurrencyPolicy", "Allow", a);
  DefaultBool(spec, "suspend", false, a);
  DefaultInt(spec, "successfulJobsHistoryLimit", 3, a);
  DefaultInt(spec, "failedJobsHistoryLimit", 1, a);
  JsonValue& job_spec = EnsureObject(EnsureObject(spec, "jobTemplate", a), "spec", a);
  DefaultPodTemplate(EnsureObject(job_spec, "template", a), a);
}

void ValidateSchedule(const JsonValue& spec, api::ErrorList* errors) {
  api::FieldPath path = SpecPath().Child("schedule");
  std::string_view schedule = StringAt(spec, "schedule");
  if (schedule.empty()) {
    errors->Add(api::Required(path, ""));
    return;
  }
  if (auto e = CronScheduleError(schedule)) errors->Add(api::Invalid(path, schedule, *e));
  if (schedule.find("TZ") != std::string_view::npos) {
    errors->Add(api::Invalid(path, schedule,
                             "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
}

Status ValidateCronJob(const JsonValue& cj, const JsonValue*) {
  api::ErrorList errors;
  std::string_view name = StringAt(cj, "metadata.name");
  if (name.size() > 52) {
    errors.Add(api::Invalid(api::FieldPath("metadata").Child("name"), name,
                            "must be no more than 52 characters"));
  }
  const JsonValue& spec = ObjectAt(cj, "spec");
  ValidateSchedule(spec, &errors);
  ValidateNonNegative(spec, "startingDeadlineSeconds", SpecPath().Child("startingDeadlineSeconds"),
                      &errors);
  std::string_view policy = StringAt(spec, "concurrencyPolicy");
  if (policy != "Allow" && policy != "Forbid" && policy != "Replace") {
    errors.Add(api::NotSupported(SpecPath().Child("concurrencyPolicy"),
                                 api::BadValue::String(policy), {"Allow", "Forbid", "Replace"}));
  }
  for (const char* limit : {"successfulJobsHistoryLimit", "failedJobsHistoryLimit"}) {
    ValidateNonNegative(spec, limit, SpecPath().Child(limit), &errors);
  }
  api::FieldPath job_path = SpecPath().Child("jobTemplate").Child("spec");
  const JsonValue& job_spec = ObjectAt(ObjectAt(spec, "jobTemplate"), "spec");
  if (BoolAt(job_spec, "manualSelector")) {
    errors.Add(api::NotSupported(job_path.Child("manualSelector"), api::BadValue::Raw("true"),
                                 {"nil", "false"}));
  }
  ValidateJobSpec(job_spec, job_path, false, &errors);
  return InvalidIfAny("CronJob", "batch", cj, errors);
}

}  // namespace

Strategy JobStrategy() {
  Strategy s = DefaultingStrategy(DefaultJob, "{}", ValidateJob);
  s.prepare_for_create = [](Json& job, const WriteContext&) -> Status {
    DefaultJobSpec(EnsureObject(job, "spec", job.GetAllocator()), job.GetAllocator());
    if (!BoolAt(job, "spec.manualSelector")) GenerateSelector(job);
    CopyTemplateLabels(job);
    ResetStatus(job, "{}");
    return Status::Ok();
  };
  return s;
}

Strategy CronJobStrategy() { return DefaultingStrategy(DefaultCronJob, "{}", ValidateCronJob); }

}  // namespace ekslite::apiserver
