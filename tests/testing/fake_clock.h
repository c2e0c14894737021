// FakeClock: a Clock that moves only when told to, for tests of timers,
// windows and expiry. Thread-safe.
#ifndef EKSLITE_TESTS_TESTING_FAKE_CLOCK_H_
#define EKSLITE_TESTS_TESTING_FAKE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace ekslite::testing {

class FakeClock final : public Clock {
 public:
  time_point Now() const override { return time_point(Elapsed()); }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point(Elapsed());
  }
  void Advance(std::chrono::nanoseconds d) { nanos_ += d.count(); }

 private:
  std::chrono::nanoseconds Elapsed() const { return std::chrono::nanoseconds(nanos_.load()); }
  // Starts well after the epoch so subtracting durations stays positive.
  std::atomic<int64_t> nanos_{std::chrono::nanoseconds(std::chrono::hours(1000)).count()};
};

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_TESTING_FAKE_CLOCK_H_
