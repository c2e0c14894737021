#include "apiserver/table/apps_v1_printers.h"

#include <algorithm>

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {
namespace {

constexpr const char* kTemplateContainers = "spec.template.spec.containers";

std::vector<PrinterColumn> WideTemplateColumns(bool selector) {
  std::vector<PrinterColumn> cols = {
      Col("Containers", "The names of the containers in the template.", 1),
      Col("Images", "The images of the containers in the template.", 1)};
  if (selector) cols.push_back(Col("Selector", "The labels of the pods this object owns.", 1));
  return cols;
}

void AppendContainers(const JsonValue& o, std::vector<std::string>* c) {
  ContainerCells cells = ContainersAt(o, kTemplateContainers);
  c->push_back(StringCell(cells.names));
  c->push_back(StringCell(cells.images));
}

int64_t Int(const JsonValue& o, std::string_view path) { return IntAt(o, path).value_or(0); }

// Columns `before` Age, then Age, then the wide container columns: the shape
// of every replicated workload's table.
void WorkloadTable(ResourceInfo& info, std::vector<PrinterColumn> before, bool selector_column,
                   Cells cells, std::function<std::string(const JsonValue&)> selector) {
  info.columns = {NameColumn()};
  info.columns.insert(info.columns.end(), before.begin(), before.end());
  info.columns.push_back(AgeColumn());
  for (PrinterColumn& c : WideTemplateColumns(selector_column)) info.columns.push_back(c);
  info.row = [cells, selector](const JsonValue& o, Clock::time_point now,
                               std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    cells(o, c);
    c->push_back(StringCell(AgeOf(o, now)));
    AppendContainers(o, c);
    if (selector) c->push_back(StringCell(selector(o)));
  };
}

std::string LabelSelectorCell(const JsonValue& o) {
  return FormatLabelSelector(Path(o, "spec.selector"));
}

// The owner a ControllerRevision belongs to, as "kind.group/name".
std::string ControllerOf(const JsonValue& o) {
  const JsonValue* refs = Path(o, "metadata.ownerReferences");
  if (refs == nullptr || !refs->IsArray()) return "<none>";
  for (const JsonValue& r : refs->GetArray()) {
    const JsonValue* controller = Member(r, "controller");
    if (controller == nullptr || !controller->IsBool() || !controller->GetBool()) continue;
    std::string api_version(StringAt(r, "apiVersion"));
    size_t slash = api_version.find('/');
    std::string kind(StringAt(r, "kind"));
    std::transform(kind.begin(), kind.end(), kind.begin(), ::tolower);
    if (slash != std::string::npos) kind += "." + api_version.substr(0, slash);
    return kind + "/" + std::string(StringAt(r, "name"));
  }
  return "<none>";
}

}  // namespace

void UseDeploymentTable(ResourceInfo& info) {
  WorkloadTable(
      info,
      {Col("Ready", "Ready replicas out of the desired ones."),
       Col("Up-to-date", "Replicas that run the current template."),
       Col("Available", "Replicas available to serve.")},
      true,
      [](const JsonValue& o, std::vector<std::string>* c) {
        c->push_back(StringCell(std::to_string(Int(o, "status.readyReplicas")) + "/" +
                                std::to_string(Int(o, "spec.replicas"))));
        c->push_back(IntCell(Int(o, "status.updatedReplicas")));
        c->push_back(IntCell(Int(o, "status.availableReplicas")));
      },
      [](const JsonValue& o) {
        auto s = api::LabelSelectorFromJson(Path(o, "spec.selector"));
        return s.ok() ? s->String() : std::string("<invalid>");
      });
}

void UseReplicaSetTable(ResourceInfo& info) {
  WorkloadTable(
      info,
      {Col("Desired", "The number of replicas wanted.", 0, "integer"),
       Col("Current", "The number of replicas there are.", 0, "integer"),
       Col("Ready", "The number of ready replicas.", 0, "integer")},
      true,
      [](const JsonValue& o, std::vector<std::string>* c) {
        c->push_back(IntCell(Int(o, "spec.replicas")));
        c->push_back(IntCell(Int(o, "status.replicas")));
        c->push_back(IntCell(Int(o, "status.readyReplicas")));
      },
      LabelSelectorCell);
}

void UseReplicationControllerTable(ResourceInfo& info) {
  WorkloadTable(
      info,
      {Col("Desired", "The number of replicas wanted.", 0, "integer"),
       Col("Current", "The number of replicas there are.", 0, "integer"),
       Col("Ready", "The number of ready replicas.", 0, "integer")},
      true,
      [](const JsonValue& o, std::vector<std::string>* c) {
        c->push_back(IntCell(Int(o, "spec.replicas")));
        c->push_back(IntCell(Int(o, "status.replicas")));
        c->push_back(IntCell(Int(o, "status.readyReplicas")));
      },
      [](const JsonValue& o) { return OrNone(JoinMap(Path(o, "spec.selector"))); });
}

void UseStatefulSetTable(ResourceInfo& info) {
  WorkloadTable(
      info, {Col("Ready", "Ready replicas out of the desired ones.")}, false,
      [](const JsonValue& o, std::vector<std::string>* c) {
        c->push_back(StringCell(std::to_string(Int(o, "status.readyReplicas")) + "/" +
                                std::to_string(Int(o, "spec.replicas"))));
      },
      nullptr);
}

void UseDaemonSetTable(ResourceInfo& info) {
  WorkloadTable(
      info,
      {Col("Desired", "Nodes that should run the daemon pod.", 0, "integer"),
       Col("Current", "Nodes that run the daemon pod.", 0, "integer"),
       Col("Ready", "Nodes whose daemon pod is ready.", 0, "integer"),
       Col("Up-to-date", "Nodes that run the current template.", 0, "integer"),
       Col("Available", "Nodes whose daemon pod is available.", 0, "integer"),
       Col("Node Selector", "The node labels the pods select.")},
      true,
      [](const JsonValue& o, std::vector<std::string>* c) {
        for (const char* f : {"status.desiredNumberScheduled", "status.currentNumberScheduled",
                              "status.numberReady", "status.updatedNumberScheduled",
                              "status.numberAvailable"}) {
          c->push_back(IntCell(Int(o, f)));
        }
        c->push_back(StringCell(OrNone(JoinMap(Path(o, "spec.template.spec.nodeSelector")))));
      },
      LabelSelectorCell);
}

void UseControllerRevisionTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Controller", "The object this revision belongs to."),
                  Col("Revision", "The revision number.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(ControllerOf(o)));
                   c->push_back(IntCell(Int(o, "revision")));
                 });
}

void UsePodTemplateTable(ResourceInfo& info) {
  info.columns = {NameColumn(), Col("Containers", "The names of the containers in the template."),
                  Col("Images", "The images of the containers in the template."),
                  Col("Pod Labels", "The labels of the template's pods.")};
  info.row = [](const JsonValue& o, Clock::time_point, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    ContainerCells cells = ContainersAt(o, "template.spec.containers");
    c->push_back(StringCell(cells.names));
    c->push_back(StringCell(cells.images));
    c->push_back(StringCell(OrNone(JoinMap(Path(o, "template.metadata.labels")))));
  };
}

void UsePodDisruptionBudgetTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Min Available", "The pods that must stay available."),
                  Col("Max Unavailable", "The pods that may be unavailable."),
                  Col("Allowed Disruptions", "The disruptions allowed now.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(IntOrStringText(Path(o, "spec.minAvailable"), "N/A")));
                   c->push_back(
                       StringCell(IntOrStringText(Path(o, "spec.maxUnavailable"), "N/A")));
                   c->push_back(IntCell(Int(o, "status.disruptionsAllowed")));
                 });
}

}  // namespace ekslite::apiserver
