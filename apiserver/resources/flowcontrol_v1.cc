// flowcontrol.apiserver.k8s.io/v1: FlowSchemas and PriorityLevelConfigurations
// (stored and listed; requests are not classified by them yet).
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/cluster_printers.h"

namespace ekslite::apiserver {

void RegisterFlowcontrolV1(ResourceTable& table) {
  const std::string g = "flowcontrol.apiserver.k8s.io";
  ResourceInfo fs = NewResource(g, "v1", "flowschemas", "flowschema", "FlowSchema", false);
  fs.strategy = FlowSchemaStrategy();
  UseFlowSchemaTable(fs);
  ResourceInfo plc = NewResource(g, "v1", "prioritylevelconfigurations",
                                 "prioritylevelconfiguration", "PriorityLevelConfiguration", false);
  plc.strategy = PriorityLevelConfigurationStrategy();
  UsePriorityLevelConfigurationTable(plc);
  for (ResourceInfo* r : {&fs, &plc}) {
    r->subresources = {StatusSubresource(*r)};
    r->has_status = true;
    r->tracks_generation = true;
    table.Add(std::move(*r));
  }
}

}  // namespace ekslite::apiserver
