#include "core/protobuf/well_known.h"

#include <cstdio>

namespace ekslite::protobuf {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// The proleptic Gregorian date of `days` since 1970-01-01 (era arithmetic:
// 400-year eras of 146097 days).
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;  // shift the epoch to 0000-03-01
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;                                    // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11], from March
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

// Appends `value` (< 10^digits) with `digits` digits, dropping trailing zeros;
// nothing at all when it is zero.
void AppendFraction(uint64_t value, int digits, std::string* out) {
  if (value == 0) return;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%0*llu", digits, static_cast<unsigned long long>(value));
  std::string frac(buf);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  out->push_back('.');
  out->append(frac);
}

}  // namespace

StatusOr<std::string> FormatRfc3339(int64_t seconds, int32_t nanos, bool micros) {
  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  constexpr int64_t kMin = -62167219200;
  constexpr int64_t kMax = 253402300799;
  if (seconds < kMin || seconds > kMax || nanos < 0 || nanos > 999999999) {
    return Status::BadRequest("protobuf: timestamp out of range");
  }
  int64_t days =
      seconds >= 0 ? seconds / kSecondsPerDay : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  int64_t rem = seconds - days * kSecondsPerDay;
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buf[48];
  int n = std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02d",
                        static_cast<long long>(year), month, day, static_cast<int>(rem / 3600),
                        static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  std::string out(buf, n);
  if (micros) {
    std::snprintf(buf, sizeof(buf), ".%06d", nanos / 1000);
    out.append(buf);
  }
  out.push_back('Z');
  return out;
}

std::string FormatGoDuration(int64_t nanoseconds) {
  if (nanoseconds == 0) return "0s";
  std::string out;
  // Negate in unsigned arithmetic so that INT64_MIN works too.
  uint64_t u = static_cast<uint64_t>(nanoseconds);
  if (nanoseconds < 0) {
    out.push_back('-');
    u = ~u + 1;
  }
  if (u < 1000000000) {
    // Under a second: the largest unit that keeps an integer part.
    if (u < 1000) return out + std::to_string(u) + "ns";
    uint64_t unit = u < 1000000 ? 1000 : 1000000;
    out += std::to_string(u / unit);
    AppendFraction(u % unit, unit == 1000 ? 3 : 6, &out);
    out += unit == 1000 ? "\xC2\xB5s" : "ms";  // "µs"
    return out;
  }
  uint64_t secs = u / 1000000000;
  uint64_t hours = secs / 3600;
  uint64_t minutes = secs / 60 % 60;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += std::to_string(secs % 60);
  AppendFraction(u % 1000000000, 9, &out);
  out.push_back('s');
  return out;
}

}  // namespace ekslite::protobuf
