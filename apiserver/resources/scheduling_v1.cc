// scheduling.k8s.io/v1: PriorityClasses.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/cluster_printers.h"

namespace ekslite::apiserver {

void RegisterSchedulingV1(ResourceTable& table) {
  ResourceInfo pc = NewResource("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass",
                                "PriorityClass", false);
  pc.short_names = {"pc"};
  pc.strategy = PriorityClassStrategy();
  UsePriorityClassTable(pc);
  table.Add(std::move(pc));
}

}  // namespace ekslite::apiserver
