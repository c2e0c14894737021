#include "controllers/cronjob/schedule.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

namespace ekslite::controllers::cronjob {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::minutes;
using std::chrono::sys_days;

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A number or (for months and weekdays) a three-letter name.
std::optional<int> Value(std::string_view text, const std::array<const char*, 12>* names) {
  if (text.empty()) return std::nullopt;
  if (names != nullptr) {
    for (size_t i = 0; i < names->size() && (*names)[i] != nullptr; ++i) {
      std::string_view name = (*names)[i];
      if (text.size() == 3 && std::toupper(text[0]) == name[0] &&
          std::toupper(text[1]) == name[1] && std::toupper(text[2]) == name[2]) {
        return static_cast<int>(i) + (names->at(0)[0] == 'J' ? 1 : 0);
      }
    }
  }
  int v = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 1000) return std::nullopt;
  }
  return v;
}

constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 12> kWeekdays = {
    "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr, nullptr, nullptr, nullptr, nullptr};

// Sets the bits of one field ("*/5", "1-5", "MON,WED", ...) within [lo, hi].
template <size_t N>
Status ParseField(std::string_view field, int lo, int hi, const std::array<const char*, 12>* names,
                  std::bitset<N>* bits, bool* star) {
  *star = field == "*" || field == "?";
  for (std::string_view part : Split(field, ',')) {
    std::vector<std::string_view> step_parts = Split(part, '/');
    if (step_parts.size() > 2) return Status::Invalid("too many slashes: " + std::string(part));
    int step = 1;
    if (step_parts.size() == 2) {
      auto s = Value(step_parts[1], nullptr);
      if (!s || *s <= 0) return Status::Invalid("bad step: " + std::string(part));
      step = *s;
    }
    std::string_view range = step_parts[0];
    int first = lo, last = hi;
    if (range != "*" && range != "?") {
      std::vector<std::string_view> ends = Split(range, '-');
      if (ends.size() > 2) return Status::Invalid("too many hyphens: " + std::string(part));
      auto a = Value(ends[0], names);
      auto b = ends.size() == 2 ? Value(ends[1], names) : a;
      if (!a || !b) return Status::Invalid("failed to parse int from " + std::string(part));
      first = *a;
      last = ends.size() == 2 || step_parts.size() == 2 ? *b : *a;
      if (step_parts.size() == 2 && ends.size() == 1) last = hi;
    }
    if (first < lo || last > hi || first > last) {
      return Status::Invalid("value out of range in " + std::string(part));
    }
    for (int v = first; v <= last; v += step) bits->set(static_cast<size_t>(v));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Schedule> Schedule::Parse(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  TimeZone zone;
  if (text.rfind("TZ=", 0) == 0 || text.rfind("CRON_TZ=", 0) == 0) {
    size_t space = text.find(' ');
    std::string_view name = text.substr(text.find('=') + 1, space - text.find('=') - 1);
    EKS_ASSIGN_OR_RETURN(zone, TimeZone::Load(name));
    text = space == std::string_view::npos ? "" : text.substr(space + 1);
  }
  std::string spec(text);
  if (spec == "@yearly" || spec == "@annually") spec = "0 0 1 1 *";
  if (spec == "@monthly") spec = "0 0 1 * *";
  if (spec == "@weekly") spec = "0 0 * * 0";
  if (spec == "@daily" || spec == "@midnight") spec = "0 0 * * *";
  if (spec == "@hourly") spec = "0 * * * *";
  std::vector<std::string_view> fields;
  for (std::string_view f : Split(spec, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 5) {
    return Status::Invalid("expected exactly 5 fields, found " + std::to_string(fields.size()));
  }
  Schedule s;
  s.zone_ = std::move(zone);
  bool star = false;
  EKS_RETURN_IF_ERROR(ParseField(fields[0], 0, 59, nullptr, &s.minutes_, &star));
  EKS_RETURN_IF_ERROR(ParseField(fields[1], 0, 23, nullptr, &s.hours_, &star));
  EKS_RETURN_IF_ERROR(ParseField(fields[2], 1, 31, nullptr, &s.days_, &s.any_day_));
  EKS_RETURN_IF_ERROR(ParseField(fields[3], 1, 12, &kMonths, &s.months_, &star));
  EKS_RETURN_IF_ERROR(ParseField(fields[4], 0, 6, &kWeekdays, &s.weekdays_, &s.any_weekday_));
  return s;
}

bool Schedule::DayMatches(int day_of_month, int weekday) const {
  bool dom = days_.test(static_cast<size_t>(day_of_month));
  bool dow = weekdays_.test(static_cast<size_t>(weekday));
  // Restricting both fields means either may match (cron's rule).
  if (any_day_ || any_weekday_) return dom && dow;
  return dom || dow;
}

std::optional<Clock::time_point> Schedule::Next(Clock::time_point t) const {
  // Find the next local time, then map it back to UTC with the offset in
  // force then (a time skipped by a DST jump fires at the equivalent instant).
  std::chrono::seconds offset = zone_.OffsetAt(t);
  std::optional<Clock::time_point> local = NextLocal(t + offset);
  if (!local) return std::nullopt;
  Clock::time_point utc = *local - zone_.OffsetAt(*local - offset);
  if (utc <= t) utc = *local - offset;
  return utc;
}

std::optional<Clock::time_point> Schedule::NextLocal(Clock::time_point t) const {
  auto m = floor<minutes>(t) + minutes(1);
  auto limit = m + days(366 * 5);
  while (m < limit) {
    sys_days day = floor<days>(m);
    std::chrono::year_month_day ymd(day);
    std::chrono::weekday wd(day);
    auto since_midnight = m - day;
    int hour =
        static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since_midnight).count());
    int minute = static_cast<int>((since_midnight - std::chrono::hours(hour)).count());
    if (!months_.test(static_cast<unsigned>(ymd.month()))) {
      auto next = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months(1);
      m = sys_days(next / 1);
      continue;
    }
    if (!DayMatches(static_cast<int>(static_cast<unsigned>(ymd.day())),
                    static_cast<int>(wd.c_encoding()))) {
      m = day + days(1);
      continue;
    }
    if (!hours_.test(static_cast<size_t>(hour))) {
      m = day + std::chrono::hours(hour + 1);
      continue;
    }
    if (!minutes_.test(static_cast<size_t>(minute))) {
      m += minutes(1);
      continue;
    }
    return Clock::time_point(m);
  }
  return std::nullopt;
}

std::optional<Clock::time_point> LastFiring(const Schedule& schedule, Clock::time_point after,
                                            Clock::time_point now, int* count) {
  *count = 0;
  std::optional<Clock::time_point> last;
  for (auto t = schedule.Next(after); t && *t <= now; t = schedule.Next(*t)) {
    last = t;
    if (++*count > 100) {
      // Too many to walk: find the last firing in ever wider windows before now.
      for (auto window :
           {std::chrono::hours(1), std::chrono::hours(24), std::chrono::hours(24 * 400)}) {
        std::optional<Clock::time_point> found;
        for (auto p = schedule.Next(now - window); p && *p <= now; p = schedule.Next(*p)) found = p;
        if (found) return found;
      }
      break;
    }
  }
  return last;
}

}  // namespace ekslite::controllers::cronjob
