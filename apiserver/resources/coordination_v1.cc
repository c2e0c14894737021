#include "apiserver/resources/builtin.h"
#include "apiserver/table/core_v1_printers.h"

namespace ekslite::apiserver {

void RegisterCoordinationV1(ResourceTable& table) {
  ResourceInfo leases = NewResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true);
  UseLeaseTable(leases);
  table.Add(std::move(leases));
}

}  // namespace ekslite::apiserver
