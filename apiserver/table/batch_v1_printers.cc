#include "apiserver/table/batch_v1_printers.h"

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

int64_t Int(const JsonValue& o, std::string_view path) { return IntAt(o, path).value_or(0); }

std::string JobStatus(const JsonValue& job) {
  if (ConditionStatus(job, "Complete") == "True") return "Complete";
  if (ConditionStatus(job, "Failed") == "True") return "Failed";
  if (Path(job, "metadata.deletionTimestamp") != nullptr) return "Terminating";
  if (ConditionStatus(job, "Suspended") == "True") return "Suspended";
  if (ConditionStatus(job, "FailureTarget") == "True") return "FailureTarget";
  return "Running";
}

std::string JobCompletions(const JsonValue& job) {
  std::string succeeded = std::to_string(Int(job, "status.succeeded"));
  if (auto c = IntAt(job, "spec.completions")) return succeeded + "/" + std::to_string(*c);
  int64_t parallelism = Int(job, "spec.parallelism");
  if (parallelism > 1) return succeeded + "/1 of " + std::to_string(parallelism);
  return succeeded + "/1";
}

std::string JobDuration(const JsonValue& job, Clock::time_point now) {
  Clock::time_point start, end = now;
  if (!ParseRfc3339(StringAt(job, "status.startTime"), &start)) return "";
  std::string_view done = StringAt(job, "status.completionTime");
  if (!done.empty() && !ParseRfc3339(done, &end)) end = now;
  return HumanDuration(end - start);
}

// One metric of an HPA as `kubectl get hpa` shows it ("cpu: 12%/50%").
std::string MetricText(const JsonValue& spec, const JsonValue* status) {
  std::string_view type = StringAt(spec, "type");
  auto current = [&](std::string_view path) -> std::string {
    const JsonValue* v = status != nullptr ? Path(*status, path) : nullptr;
    if (v == nullptr) return "<unknown>";
    if (!v->IsInt64()) return std::string(View(*v));
    bool percent = path.size() > 11 && path.substr(path.size() - 11) == "Utilization";
    return std::to_string(v->GetInt64()) + (percent ? "%" : "");
  };
  if (type == "External" || type == "Object") {
    std::string src = type == "External" ? "external" : "object";
    const JsonValue* avg = Path(spec, src + ".target.averageValue");
    if (avg != nullptr) {
      return current(src + ".current.averageValue") + "/" + std::string(View(*avg)) + " (avg)";
    }
    return current(src + ".current.value") + "/" + std::string(StringAt(spec, src + ".target.value"));
  }
  if (type == "Pods") {
    return current("pods.current.averageValue") + "/" +
           std::string(StringAt(spec, "pods.target.averageValue"));
  }
  if (type == "Resource" || type == "ContainerResource") {
    std::string src = type == "Resource" ? "resource" : "containerResource";
    std::string name(StringAt(spec, src + ".name"));
    if (const JsonValue* avg = Path(spec, src + ".target.averageValue")) {
      return name + ": " + current(src + ".current.averageValue") + "/" + std::string(View(*avg));
    }
    std::optional<int64_t> util = IntAt(spec, src + ".target.averageUtilization");
    return name + ": " + current(src + ".current.averageUtilization") + "/" +
           (util ? std::to_string(*util) + "%" : "<auto>");
  }
  return "<unknown type>";
}

// Upstream shows two metrics and counts the rest.
std::string HpaTargets(const JsonValue& hpa) {
  const JsonValue* specs = Path(hpa, "spec.metrics");
  if (specs == nullptr || !specs->IsArray() || specs->Empty()) return "<none>";
  const JsonValue* statuses = Path(hpa, "status.currentMetrics");
  std::string out;
  rapidjson::SizeType count = specs->Size();
  for (rapidjson::SizeType i = 0; i < count && i < 2; ++i) {
    const JsonValue* status = statuses != nullptr && statuses->IsArray() && i < statuses->Size()
                                  ? &(*statuses)[i]
                                  : nullptr;
    out += (i > 0 ? ", " : "") + MetricText((*specs)[i], status);
  }
  if (count > 2) out += " + " + std::to_string(count - 2) + " more...";
  return out;
}

void HpaRow(const JsonValue& hpa, std::vector<std::string>* c) {
  c->push_back(StringCell(std::string(StringAt(hpa, "spec.scaleTargetRef.kind")) + "/" +
                          std::string(StringAt(hpa, "spec.scaleTargetRef.name"))));
  c->push_back(StringCell(HpaTargets(hpa)));
  std::optional<int64_t> min = IntAt(hpa, "spec.minReplicas");
  c->push_back(StringCell(min ? std::to_string(*min) : "<unset>"));
  c->push_back(IntCell(Int(hpa, "spec.maxReplicas")));
  c->push_back(IntCell(Int(hpa, "status.currentReplicas")));
}

}  // namespace

void UseJobTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Status", "The state of the job."),
                  Col("Completions", "Succeeded completions out of the wanted ones."),
                  Col("Duration", "How long the job ran."),
                  AgeColumn(),
                  Col("Containers", "The names of the containers in the template.", 1),
                  Col("Images", "The images of the containers in the template.", 1),
                  Col("Selector", "The labels of the job's pods.", 1)};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(JobStatus(o)));
    c->push_back(StringCell(JobCompletions(o)));
    c->push_back(StringCell(JobDuration(o, now)));
    c->push_back(StringCell(AgeOf(o, now)));
    ContainerCells cells = ContainersAt(o, "spec.template.spec.containers");
    c->push_back(StringCell(cells.names));
    c->push_back(StringCell(cells.images));
    c->push_back(StringCell(FormatLabelSelector(Path(o, "spec.selector"))));
  };
}

void UseCronJobTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Schedule", "When jobs are started, in cron syntax."),
                  Col("Timezone", "The time zone of the schedule."),
                  Col("Suspend", "Whether new jobs are held back.", 0, "boolean"),
                  Col("Active", "The jobs running now.", 0, "integer"),
                  Col("Last Schedule", "When the last job was started."),
                  AgeColumn(),
                  Col("Containers", "The names of the containers in the template.", 1),
                  Col("Images", "The images of the containers in the template.", 1),
                  Col("Selector", "The labels of the jobs' pods.", 1)};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(StringAt(o, "spec.schedule")));
    c->push_back(StringCell(OrNone(StringAt(o, "spec.timeZone"))));
    c->push_back(StringCell(BoolText(o, "spec.suspend", "<unset>")));
    c->push_back(IntCell(static_cast<int64_t>(MemberCount(o, "status.active"))));
    std::string_view last = StringAt(o, "status.lastScheduleTime");
    c->push_back(StringCell(last.empty() ? "<none>" : AgeSince(last, now)));
    c->push_back(StringCell(AgeOf(o, now)));
    ContainerCells cells = ContainersAt(o, "spec.jobTemplate.spec.template.spec.containers");
    c->push_back(StringCell(cells.names));
    c->push_back(StringCell(cells.images));
    c->push_back(StringCell(FormatLabelSelector(Path(o, "spec.jobTemplate.spec.selector"))));
  };
}

void UseHorizontalPodAutoscalerTable(ResourceInfo& info, Converter to_v2) {
  NameColumnsAge(info,
                 {Col("Reference", "The object whose replicas are scaled."),
                  Col("Targets", "Current and target values of the metrics."),
                  Col("MinPods", "The fewest replicas."),
                  Col("MaxPods", "The most replicas."),
                  Col("Replicas", "The replicas there are now.")},
                 [to_v2](const JsonValue& o, std::vector<std::string>* c) {
                   if (!to_v2) return HpaRow(o, c);
                   Json v2 = to_v2(o);
                   HpaRow(v2, c);
                 });
}

}  // namespace ekslite::apiserver
