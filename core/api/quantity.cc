#include "core/api/quantity.h"

#include <cmath>
#include <cstdlib>
#include <utility>

namespace ekslite::api {
namespace {

// The multiplier of a suffix, or 0 when it is none upstream knows.
long double SuffixScale(std::string_view suffix) {
  static const std::pair<std::string_view, long double> kSuffixes[] = {
      {"", 1},
      {"m", 1e-3},
      {"u", 1e-6},
      {"n", 1e-9},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
      {"Ki", 1024.0L},
      {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L},
      {"Ti", 1099511627776.0L},
      {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L}};
  for (const auto& [s, scale] : kSuffixes) {
    if (s == suffix) return scale;
  }
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    char* end = nullptr;
    std::string exp(suffix.substr(1));
    long e = std::strtol(exp.c_str(), &end, 10);
    if (end != nullptr && *end == '\0' && e > -20 && e < 20) return std::pow(10.0L, e);
  }
  return 0;
}

}  // namespace

std::optional<int64_t> ParseMilliQuantity(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  bool digits = false;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    digits = digits || text[i] != '.';
    ++i;
  }
  if (!digits) return std::nullopt;
  std::string number(text.substr(0, i));
  long double scale = SuffixScale(text.substr(i));
  if (scale == 0) return std::nullopt;
  long double milli = std::strtold(number.c_str(), nullptr) * scale * 1000.0L;
  if (std::fabs(milli) > 9.2e18L) return std::nullopt;
  // Tiny float error must not round 1.1 cpu up to 1101m.
  long double rounded = std::ceil(milli - 1e-6L);
  return static_cast<int64_t>(rounded);
}

std::string FormatMilliQuantity(int64_t milli, bool binary) {
  if (milli % 1000 != 0) return std::to_string(milli) + "m";
  int64_t value = milli / 1000;
  if (binary && value != 0) {
    static const char* kBinary[] = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    int64_t unit = int64_t{1} << 60;
    for (const char* suffix : kBinary) {
      if (value % unit == 0) return std::to_string(value / unit) + suffix;
      unit >>= 10;
    }
  }
  return std::to_string(value);
}

bool HasBinarySuffix(std::string_view text) { return !text.empty() && text.back() == 'i'; }

}  // namespace ekslite::api
