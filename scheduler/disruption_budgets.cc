#include "scheduler/disruption_budgets.h"

#include <utility>

#include "core/json.h"

namespace ekslite::scheduler {

std::vector<DisruptionBudget> BudgetsFromObjects(const std::vector<client::ObjectPtr>& objects) {
  std::vector<DisruptionBudget> out;
  for (const client::ObjectPtr& pdb : objects) {
    auto selector = api::LabelSelectorFromJson(Path(*pdb, "spec.selector"));
    if (!selector.ok()) continue;
    DisruptionBudget b;
    b.ns = std::string(StringAt(*pdb, "metadata.namespace"));
    b.selector = std::move(*selector);
    b.allowed = IntAt(*pdb, "status.disruptionsAllowed").value_or(0);
    if (const JsonValue* d = Path(*pdb, "status.disruptedPods"); d != nullptr && d->IsObject()) {
      for (const auto& m : d->GetObject()) b.disrupted.insert(std::string(View(m.name)));
    }
    out.push_back(std::move(b));
  }
  return out;
}

void SplitByBudgets(const std::vector<PodInfoPtr>& pods, std::vector<DisruptionBudget> budgets,
                    std::vector<PodInfoPtr>* violating, std::vector<PodInfoPtr>* non_violating) {
  for (const PodInfoPtr& pod : pods) {
    bool violates = false;
    if (pod->labels.empty()) {  // no budget selects it
      non_violating->push_back(pod);
      continue;
    }
    for (DisruptionBudget& b : budgets) {
      if (b.ns != pod->ns || b.selector.Empty() || b.selector.IsNothing() ||
          !b.selector.Matches(pod->labels) || b.disrupted.count(pod->name)) {
        continue;
      }
      if (--b.allowed < 0) violates = true;
    }
    (violates ? violating : non_violating)->push_back(pod);
  }
}

}  // namespace ekslite::scheduler
