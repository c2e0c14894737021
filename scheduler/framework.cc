#include "scheduler/framework.h"

#include <algorithm>

namespace ekslite::scheduler {

CycleState CycleState::Clone() const {
  CycleState copy;
  for (const auto& [name, state] : states_) {
    if (state != nullptr) copy.states_.emplace(name, state->Clone());
  }
  return copy;
}

void CycleState::Write(std::string_view plugin, std::unique_ptr<PluginState> state) {
  states_[std::string(plugin)] = std::move(state);
}

void DefaultNormalizeScore(int64_t max_priority, bool reverse, std::vector<int64_t>& scores) {
  int64_t max_count = 0;
  for (int64_t s : scores) max_count = std::max(max_count, s);
  if (max_count == 0) {
    if (reverse) std::fill(scores.begin(), scores.end(), max_priority);
    return;
  }
  for (int64_t& s : scores) {
    s = max_priority * s / max_count;
    if (reverse) s = max_priority - s;
  }
}

}  // namespace ekslite::scheduler
