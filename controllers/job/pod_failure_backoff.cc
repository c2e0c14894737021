#include "controllers/job/pod_failure_backoff.h"

#include <algorithm>
#include <string_view>

#include "core/json.h"

namespace ekslite::controllers::job {
namespace {

bool Latest(std::string_view text, Clock::time_point* latest) {
  Clock::time_point t;
  if (text.empty() || !ParseRfc3339(text, &t)) return false;
  *latest = std::max(*latest, t);
  return true;
}

}  // namespace

Clock::time_point PodFinishTime(const JsonValue& pod) {
  Clock::time_point finished{};
  bool found = false;
  for (const char* list : {"status.containerStatuses", "status.initContainerStatuses"}) {
    const JsonValue* statuses = Path(pod, list);
    if (statuses == nullptr || !statuses->IsArray()) continue;
    for (const JsonValue& s : statuses->GetArray()) {
      found |= Latest(StringAt(s, "state.terminated.finishedAt"), &finished);
    }
  }
  if (found) return finished;
  const JsonValue* conditions = Path(pod, "status.conditions");
  if (conditions != nullptr && conditions->IsArray()) {
    for (const JsonValue& c : conditions->GetArray()) {
      if (StringAt(c, "type") == "Ready" && StringAt(c, "status") == "False" &&
          Latest(StringAt(c, "lastTransitionTime"), &finished)) {
        return finished;
      }
    }
  }
  if (Latest(StringAt(pod, "metadata.deletionTimestamp"), &finished)) return finished;
  Latest(StringAt(pod, "metadata.creationTimestamp"), &finished);
  return finished;
}

Clock::duration RemainingBackoff(const std::vector<client::ObjectPtr>& pods, Clock::time_point now,
                                 const PodFailureBackoff& policy) {
  Clock::time_point last_success{};
  for (const client::ObjectPtr& pod : pods) {
    if (StringAt(*pod, "status.phase") == "Succeeded") {
      last_success = std::max(last_success, PodFinishTime(*pod));
    }
  }
  int failures = 0;
  Clock::time_point last_failure{};
  for (const client::ObjectPtr& pod : pods) {
    if (StringAt(*pod, "status.phase") != "Failed") continue;
    Clock::time_point finished = PodFinishTime(*pod);
    if (finished < last_success) continue;
    ++failures;
    last_failure = std::max(last_failure, finished);
  }
  if (failures == 0) return Clock::duration::zero();
  Clock::duration delay = policy.base;
  for (int i = 1; i < failures && delay < policy.max; ++i) delay *= 2;
  delay = std::min(delay, policy.max);
  return std::max(Clock::duration::zero(), last_failure + delay - now);
}

}  // namespace ekslite::controllers::job
