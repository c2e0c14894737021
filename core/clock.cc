#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace ekslite {
namespace {

class SystemClock final : public Clock {
 public:
  time_point Now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::now();
  }
};

std::string Format(Clock::time_point t, bool micro) {
  auto since = t.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since);
  std::time_t tt = secs.count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (micro) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(since - secs).count();
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
    out += buf;
  }
  out += 'Z';
  return out;
}

}  // namespace

Clock& RealClock() {
  static SystemClock clock;
  return clock;
}

std::string FormatRfc3339(Clock::time_point t) { return Format(t, false); }
std::string FormatRfc3339Micro(Clock::time_point t) { return Format(t, true); }

bool ParseRfc3339(std::string_view text, Clock::time_point* out) {
  std::tm tm{};
  int consumed = 0;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != 19) {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t i = 19;
  int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    int64_t scale = 100000;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      micros += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int hh = 0, mm = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &hh, &mm) != 2) return false;
    offset = (hh * 3600 + mm * 60) * (s[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  std::time_t secs = timegm(&tm) - offset;
  *out = Clock::time_point(std::chrono::seconds(secs)) + std::chrono::microseconds(micros);
  return true;
}

}  // namespace ekslite
