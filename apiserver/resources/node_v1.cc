// node.k8s.io/v1: RuntimeClasses.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/cluster_printers.h"

namespace ekslite::apiserver {

void RegisterNodeV1(ResourceTable& table) {
  ResourceInfo rc =
      NewResource("node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false);
  rc.strategy = RuntimeClassStrategy();
  UseRuntimeClassTable(rc);
  table.Add(std::move(rc));
}

}  // namespace ekslite::apiserver
