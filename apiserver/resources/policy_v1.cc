// policy/v1: PodDisruptionBudgets (evictions are served with pods).
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/apps_v1_printers.h"

namespace ekslite::apiserver {

void RegisterPolicyV1(ResourceTable& table) {
  ResourceInfo pdb = NewResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget",
                                 "PodDisruptionBudget", true);
  pdb.short_names = {"pdb"};
  pdb.subresources = {StatusSubresource(pdb)};
  pdb.has_status = true;
  pdb.tracks_generation = true;
  pdb.strategy = PodDisruptionBudgetStrategy();
  UsePodDisruptionBudgetTable(pdb);
  table.Add(std::move(pdb));
}

}  // namespace ekslite::apiserver
