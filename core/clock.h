// Clock: the only source of time. Components take a Clock& so tests can use a
// fake one (tests/testing/fake_clock.h) and timers can be replayed fast.
#ifndef EKSLITE_CORE_CLOCK_H_
#define EKSLITE_CORE_CLOCK_H_

#include <chrono>
#include <string>

namespace ekslite {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using duration = std::chrono::system_clock::duration;

  virtual ~Clock() = default;
  // Wall-clock time, for timestamps written into objects.
  virtual time_point Now() const = 0;
  // Monotonic time, for measuring intervals and deadlines.
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;
};

// The process's real clocks. Thread-safe; one shared instance.
Clock& RealClock();

// RFC 3339 in UTC with second precision ("2024-01-02T03:04:05Z"), the format of
// metav1.Time.
std::string FormatRfc3339(Clock::time_point t);
// RFC 3339 with microseconds, the format of metav1.MicroTime.
std::string FormatRfc3339Micro(Clock::time_point t);
// Parses RFC 3339 (with or without fractional seconds, "Z" or a numeric offset).
// Returns false when `text` is not RFC 3339.
bool ParseRfc3339(std::string_view text, Clock::time_point* out);

}  // namespace ekslite

#endif  // EKSLITE_CORE_CLOCK_H_
