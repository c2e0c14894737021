#include "apiserver/resources/cron_schedule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace ekslite::apiserver {
namespace {

struct Bounds {
  int min, max;
  std::vector<std::string_view> names;  // names[i] stands for min + i
};

const std::array<Bounds, 5>& FieldBounds() {
  static const auto* bounds = new std::array<Bounds, 5>{
      Bounds{0, 59, {}},
      Bounds{0, 23, {}},
      Bounds{1, 31, {}},
      Bounds{1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                     "dec"}},
      Bounds{0, 6, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}};
  return *bounds;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// A number or a name of the field; the parser's error otherwise.
std::optional<std::string> ParseValue(std::string_view s, const Bounds& b, int* out) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  for (size_t i = 0; i < b.names.size(); ++i) {
    if (lower == b.names[i]) {
      *out = b.min + static_cast<int>(i);
      return std::nullopt;
    }
  }
  bool digits = !s.empty();
  size_t start = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  for (size_t i = start; i < s.size(); ++i) digits = digits && std::isdigit(s[i]);
  if (!digits || start == s.size() || s.size() - start > 9) {
    return "failed to parse int from " + std::string(s) + ": strconv.Atoi: parsing \"" +
           std::string(s) + "\": invalid syntax";
  }
  *out = std::stoi(std::string(s));
  if (*out < 0) return "negative number (" + std::to_string(*out) + ") not allowed: " + std::string(s);
  return std::nullopt;
}

std::optional<std::string> CheckRange(std::string_view expr, const Bounds& b) {
  std::vector<std::string_view> step = Split(expr, '/');
  std::vector<std::string_view> range = Split(step[0], '-');
  int start = b.min, end = b.max;
  bool star = range[0] == "*" || range[0] == "?";
  if (!star) {
    if (auto e = ParseValue(range[0], b, &start)) return e;
    end = start;
    if (range.size() == 2) {
      if (auto e = ParseValue(range[1], b, &end)) return e;
    } else if (range.size() > 2) {
      return "too many hyphens: " + std::string(expr);
    }
  }
  if (step.size() == 2) {
    int n = 0;
    if (auto e = ParseValue(step[1], b, &n)) return e;
    if (n == 0) return "step of range should be a positive number: " + std::string(expr);
    if (!star && range.size() == 1) end = b.max;
  } else if (step.size() > 2) {
    return "too many slashes: " + std::string(expr);
  }
  std::string e(expr);
  if (start < b.min) {
    return "beginning of range (" + std::to_string(start) + ") below minimum (" +
           std::to_string(b.min) + "): " + e;
  }
  if (end > b.max) {
    return "end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(b.max) +
           "): " + e;
  }
  if (start > end) {
    return "beginning of range (" + std::to_string(start) + ") beyond end of range (" +
           std::to_string(end) + "): " + e;
  }
  return std::nullopt;
}

std::optional<std::string> CheckDescriptor(std::string_view spec) {
  for (std::string_view d :
       {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
    if (spec == d) return std::nullopt;
  }
  if (spec.rfind("@every ", 0) == 0 && spec.size() > 7) return std::nullopt;
  return "unrecognized descriptor: " + std::string(spec);
}

}  // namespace

std::optional<std::string> CronScheduleError(std::string_view schedule) {
  std::string_view spec = schedule;
  for (std::string_view prefix : {"TZ=", "CRON_TZ="}) {
    if (spec.rfind(prefix, 0) == 0) {
      size_t space = spec.find(' ');
      spec = space == std::string_view::npos ? std::string_view() : spec.substr(space + 1);
    }
  }
  std::vector<std::string> fields = Fields(spec);
  if (fields.empty()) return "empty spec string";
  if (fields[0].rfind('@', 0) == 0) {
    size_t at = spec.find('@');
    return CheckDescriptor(spec.substr(at, spec.find_last_not_of(' ') - at + 1));
  }
  if (fields.size() != 5) {
    std::string joined;
    for (const std::string& f : fields) joined += (joined.empty() ? "" : " ") + f;
    return "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": [" + joined +
           "]";
  }
  for (size_t i = 0; i < 5; ++i) {
    for (std::string_view expr : Split(fields[i], ',')) {
      if (auto e = CheckRange(expr, FieldBounds()[i])) return e;
    }
  }
  return std::nullopt;
}

}  // namespace ekslite::apiserver
