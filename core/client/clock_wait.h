// Waiting for a Clock's time. The real clock's waits are ordinary timed
// waits; a test's fake clock wakes nobody when it is advanced, so waits on it
// re-read it often. Everything in core/client that waits for time (work queue
// delays, resyncs, backoff, leader election) goes through here, which is what
// lets tests drive it with a FakeClock.
#ifndef EKSLITE_CORE_CLIENT_CLOCK_WAIT_H_
#define EKSLITE_CORE_CLIENT_CLOCK_WAIT_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/clock.h"

namespace ekslite::client {

// A deadline that never comes.
inline constexpr std::chrono::steady_clock::time_point kNoDeadline =
    std::chrono::steady_clock::time_point::max();

// Waits on `cv` (`lock` holds its mutex) until notified or until
// `clock.Monotonic()` reaches `deadline`. May return early (spurious or
// polling wake-ups): callers loop, re-checking their condition and the clock.
// With RealClock() this is one timed wait; with any other clock it returns at
// least every millisecond so an advanced fake clock is noticed.
void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, const Clock& clock,
               std::chrono::steady_clock::time_point deadline);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_CLOCK_WAIT_H_
