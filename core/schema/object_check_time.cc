// TimeParseError (declared in object_check_values.h): Go's time.Parse, reduced
// to the two layouts metav1.Time and metav1.MicroTime decode with, walking the
// layout chunk by chunk as Go does so that the first failing chunk and the
// remaining input are the ones Go's ParseError names.
#include <string>
#include <string_view>

#include "core/schema/object_check_values.h"

namespace ekslite::schema {
namespace {

constexpr std::string_view kRfc3339 = "2006-01-02T15:04:05Z07:00";
constexpr std::string_view kRfc3339Micro = "2006-01-02T15:04:05.000000Z07:00";

enum class Std { kEnd, kLongYear, kZeroMonth, kZeroDay, kHour, kZeroMinute, kZeroSecond, kFrac6, kTz };

struct Chunk {
  std::string_view prefix;  // literal text before the element
  Std std;
  std::string_view text;  // the element as written in the layout
};

constexpr Chunk kChunks[] = {
    {"", Std::kLongYear, "2006"}, {"-", Std::kZeroMonth, "01"}, {"-", Std::kZeroDay, "02"},
    {"T", Std::kHour, "15"},      {":", Std::kZeroMinute, "04"}, {":", Std::kZeroSecond, "05"},
    {"", Std::kFrac6, ".000000"}, {"", Std::kTz, "Z07:00"},      {"", Std::kEnd, ""}};

bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// time's quote(): printable ASCII kept (with \" and \\), other bytes as \xNN.
std::string Quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x80 || c < ' ') {
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(c));
  }
  return out + "\"";
}

// getnum: one or two digits (exactly two when `fixed`).
bool GetNum(std::string_view* s, bool fixed, int* out) {
  if (!IsDigitAt(*s, 0)) return false;
  if (!IsDigitAt(*s, 1)) {
    if (fixed) return false;
    *out = (*s)[0] - '0';
    s->remove_prefix(1);
    return true;
  }
  *out = ((*s)[0] - '0') * 10 + ((*s)[1] - '0');
  s->remove_prefix(2);
  return true;
}

struct Parsed {
  int year = 0, month = 0, day = 0;
};

// Parses one layout element from `*v`. Sets `*range` for a value out of
// range; returns false when the text does not fit the element.
bool ParseElement(const Chunk& chunk, bool next_is_frac, std::string_view* v, Parsed* p,
                  const char** range) {
  int n = 0;
  switch (chunk.std) {
    case Std::kLongYear:
      for (size_t i = 0; i < 4; ++i) {
        if (!IsDigitAt(*v, i)) return false;
        n = n * 10 + ((*v)[i] - '0');
      }
      v->remove_prefix(4);
      p->year = n;
      return true;
    case Std::kZeroMonth:
      if (!GetNum(v, true, &p->month)) return false;
      if (p->month <= 0 || p->month > 12) *range = "month";
      return true;
    case Std::kZeroDay:
      return GetNum(v, true, &p->day);
    case Std::kHour:
      if (!GetNum(v, false, &n)) return false;
      if (n >= 24) *range = "hour";
      return true;
    case Std::kZeroMinute:
      if (!GetNum(v, true, &n)) return false;
      if (n >= 60) *range = "minute";
      return true;
    case Std::kZeroSecond:
      if (!GetNum(v, true, &n)) return false;
      if (n >= 60) {
        *range = "second";
      } else if (!next_is_frac && v->size() >= 2 && ((*v)[0] == '.' || (*v)[0] == ',') &&
                 IsDigitAt(*v, 1)) {
        size_t k = 2;  // fractional seconds the layout does not name
        while (IsDigitAt(*v, k)) ++k;
        v->remove_prefix(k);
      }
      return true;
    default:
      break;
  }
  return false;
}

// The fixed six-digit fraction of RFC3339Micro and the zone of both layouts.
bool ParseTail(const Chunk& chunk, std::string_view* v, const char** range) {
  if (chunk.std == Std::kFrac6) {
    if (v->size() < 7 || ((*v)[0] != '.' && (*v)[0] != ',')) return false;
    std::string_view digits = v->substr(1, 6);
    bool negative = digits[0] == '-';
    if (digits[0] == '-' || digits[0] == '+') digits.remove_prefix(1);
    for (size_t i = 0; i < digits.size(); ++i) {
      if (!IsDigitAt(digits, i)) return false;
    }
    if (negative && digits.find_first_not_of('0') != std::string_view::npos) {
      *range = "fractional second";
    }
    v->remove_prefix(7);
    return true;
  }
  if (!v->empty() && (*v)[0] == 'Z') {
    v->remove_prefix(1);
    return true;
  }
  if (v->size() < 6 || (*v)[3] != ':') return false;
  char sign = (*v)[0];
  std::string_view hh = v->substr(1, 2), mm = v->substr(4, 2);
  v->remove_prefix(6);
  int hour = 0, minute = 0;
  bool ok = GetNum(&hh, true, &hour) && GetNum(&mm, true, &minute);
  if (hour > 24) *range = "time zone offset hour";
  if (minute > 60) *range = "time zone offset minute";
  return ok && (sign == '+' || sign == '-');
}

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::string TimeParseError(std::string_view text, bool micro) {
  const std::string_view layout = micro ? kRfc3339Micro : kRfc3339;
  auto cannot = [&](std::string_view value_elem, std::string_view layout_elem) {
    return "parsing time " + Quote(text) + " as " + Quote(layout) + ": cannot parse " +
           Quote(value_elem) + " as " + Quote(layout_elem);
  };
  std::string_view v = text;
  Parsed p;
  for (size_t i = 0; i < std::size(kChunks); ++i) {
    const Chunk& chunk = kChunks[i];
    if (chunk.std == Std::kFrac6 && !micro) continue;
    if (!v.starts_with(chunk.prefix)) return cannot(v, chunk.prefix);  // one-byte prefixes
    v.remove_prefix(chunk.prefix.size());
    if (chunk.std == Std::kEnd) {
      if (!v.empty()) return "parsing time " + Quote(text) + ": extra text: " + Quote(v);
      break;
    }
    std::string_view hold = v;
    const char* range = nullptr;
    bool ok = chunk.std == Std::kFrac6 || chunk.std == Std::kTz
                  ? ParseTail(chunk, &v, &range)
                  : ParseElement(chunk, micro, &v, &p, &range);
    if (range != nullptr) return "parsing time " + Quote(text) + ": " + range + " out of range";
    if (!ok) return cannot(hold, chunk.text);
  }
  if (p.day < 1 || p.day > DaysIn(p.month, p.year)) {
    return "parsing time " + Quote(text) + ": day out of range";
  }
  return "";
}

}  // namespace ekslite::schema
