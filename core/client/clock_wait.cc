#include "core/client/clock_wait.h"

#include <algorithm>

namespace ekslite::client {

void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, const Clock& clock,
               std::chrono::steady_clock::time_point deadline) {
  const bool real = &clock == &RealClock();
  if (deadline == kNoDeadline) {
    cv.wait(lock);
    return;
  }
  auto now = clock.Monotonic();
  if (now >= deadline) return;
  if (real) {
    cv.wait_until(lock, deadline);
    return;
  }
  auto step =
      std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(1));
  cv.wait_for(lock, step);
}

}  // namespace ekslite::client
