// Pod failure back-off: after a Job's pod fails, its replacement waits
// `base` from the latest failure, doubled for every further failure since
// the Job's last success, at most `max` (upstream: 10 s, 20 s, 40 s, ...
// up to 10 min). Worked out from the pods alone, so a restarted controller
// keeps the same delays; deleting the failed pods clears it, as upstream's.
#ifndef EKSLITE_CONTROLLERS_JOB_POD_FAILURE_BACKOFF_H_
#define EKSLITE_CONTROLLERS_JOB_POD_FAILURE_BACKOFF_H_

#include <chrono>
#include <vector>

#include "core/client/object.h"
#include "core/clock.h"

namespace ekslite::controllers::job {

struct PodFailureBackoff {
  Clock::duration base = std::chrono::seconds(10);
  Clock::duration max = std::chrono::minutes(10);
};

// When a pod finished: its containers' latest terminated.finishedAt, else
// when its Ready condition turned False, else its deletion or creation time.
Clock::time_point PodFinishTime(const JsonValue& pod);

// How long new pods must still wait at `now` (zero: create them now).
Clock::duration RemainingBackoff(const std::vector<client::ObjectPtr>& pods, Clock::time_point now,
                                 const PodFailureBackoff& policy);

}  // namespace ekslite::controllers::job

#endif  // EKSLITE_CONTROLLERS_JOB_POD_FAILURE_BACKOFF_H_
