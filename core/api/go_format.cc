#include "core/api/go_format.h"

#include <limits>

namespace ekslite::api {
namespace {

constexpr char32_t kRuneError = 0xFFFD;
constexpr char kLowerHex[] = "0123456789abcdef";

// Go's strconv.IsPrint covers letters, marks, numbers, punctuation, symbols and
// the ASCII space. Exact tables are large; this rejects the ranges that occur
// in practice (controls, spaces other than U+0020, format characters, private
// use, noncharacters) and accepts the rest.
bool IsPrintableImpl(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA1) return false;  // C1 controls and NO-BREAK SPACE
  if (r == 0xAD || r == 0x1680 || r == 0x180E || r == 0x3000 || r == 0xFEFF) return false;
  if (r >= 0x2000 && r <= 0x200F) return false;
  if (r >= 0x2028 && r <= 0x202F) return false;
  if (r >= 0x205F && r <= 0x206F) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;
  if (r >= 0xFFF9 && r <= 0xFFFB) return false;
  if ((r & 0xFFFE) == 0xFFFE) return false;  // U+xFFFE and U+xFFFF
  if (r >= 0xF0000) return false;            // supplementary private use
  return true;
}

void AppendHex(uint32_t v, int digits, std::string* out) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out->push_back(kLowerHex[(v >> shift) & 0xF]);
}

void AppendEscapedRune(char32_t r, std::string* out) {
  switch (r) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\a':
      out->append("\\a");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '\t':
      out->append("\\t");
      return;
    case '\v':
      out->append("\\v");
      return;
    default:
      break;
  }
  if (IsPrintableImpl(r)) {
    AppendRune(r, out);
  } else if (r < ' ' || r == 0x7F) {
    out->append("\\x");
    AppendHex(r, 2, out);
  } else if (r < 0x10000) {
    out->append("\\u");
    AppendHex(r, 4, out);
  } else {
    out->append("\\U");
    AppendHex(r, 8, out);
  }
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

// Reads `n` digits at `*s` into `*out`, advancing `*s`.
bool Digits(std::string_view* s, size_t n, int64_t* out) {
  if (s->size() < n) return false;
  *out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = (*s)[i];
    if (c < '0' || c > '9') return false;
    *out = *out * 10 + (c - '0');
  }
  s->remove_prefix(n);
  return true;
}

bool Expect(std::string_view* s, char c) {
  if (s->empty() || (*s)[0] != c) return false;
  s->remove_prefix(1);
  return true;
}

std::string TwoDigits(int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

bool GoIsPrint(char32_t r) { return IsPrintableImpl(r); }

std::optional<std::string> GoTimeString(std::string_view s) {
  int64_t y, mo, d, h, mi, sec;
  if (!Digits(&s, 4, &y) || !Expect(&s, '-') || !Digits(&s, 2, &mo) || !Expect(&s, '-') ||
      !Digits(&s, 2, &d) || s.empty() || (s[0] != 'T' && s[0] != 't')) {
    return std::nullopt;
  }
  s.remove_prefix(1);
  if (!Digits(&s, 2, &h) || !Expect(&s, ':') || !Digits(&s, 2, &mi) || !Expect(&s, ':') ||
      !Digits(&s, 2, &sec) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      sec > 59) {
    return std::nullopt;
  }
  std::string fraction;
  if (Expect(&s, '.')) {
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
      fraction.push_back(s[0]);
      s.remove_prefix(1);
    }
    if (fraction.empty()) return std::nullopt;
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  int64_t offset = 0;
  if (!Expect(&s, 'Z') && !Expect(&s, 'z')) {
    if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    int64_t sign = s[0] == '-' ? -1 : 1, oh, om;
    s.remove_prefix(1);
    if (!Digits(&s, 2, &oh) || !Expect(&s, ':') || !Digits(&s, 2, &om)) return std::nullopt;
    offset = sign * (oh * 3600 + om * 60);
  }
  if (!s.empty()) return std::nullopt;
  int64_t t = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t rem = t - days * 86400;
  CivilFromDays(days, &y, &mo, &d);
  std::string year = std::to_string(y);
  year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
  std::string out = year + "-" + TwoDigits(mo) + "-" + TwoDigits(d) + " " + TwoDigits(rem / 3600) +
                    ":" + TwoDigits(rem / 60 % 60) + ":" + TwoDigits(rem % 60);
  if (!fraction.empty()) out += "." + fraction;
  return out + " +0000 UTC";
}

char32_t DecodeRune(std::string_view s, size_t* width) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  *width = 1;
  if (b0 < 0x80) return b0;
  // Leading byte ranges of well-formed sequences: length, payload bits, and
  // the smallest code point of that length (shorter encodings are invalid).
  int n = 0;
  char32_t r = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    r = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    r = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    r = b0 & 0x07;
    min = 0x10000;
  } else {
    return kRuneError;
  }
  if (s.size() < static_cast<size_t>(n)) return kRuneError;
  for (int i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return kRuneError;
    r = (r << 6) | (b & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return kRuneError;
  *width = static_cast<size_t>(n);
  return r;
}

void AppendRune(char32_t r, std::string* out) {
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  while (!s.empty()) {
    size_t width;
    char32_t r = DecodeRune(s, &width);
    if (width == 1 && r == kRuneError) {
      out.append("\\x");
      AppendHex(static_cast<unsigned char>(s[0]), 2, &out);
    } else {
      AppendEscapedRune(r, &out);
    }
    s.remove_prefix(width);
  }
  out.push_back('"');
  return out;
}

std::string GoStringSlice(const std::vector<std::string>& values, bool nil_if_empty) {
  if (values.empty()) return nil_if_empty ? "[]string(nil)" : "[]string{}";
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.append(", ");
    out.append(GoQuote(values[i]));
  }
  out.push_back('}');
  return out;
}

std::optional<int64_t> ParseGoInt(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  // Accumulate as a negative number so that INT64_MIN is representable.
  int64_t value = 0;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (value < (kMin + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == kMin) return std::nullopt;
    return -value;
  }
  return value;
}

}  // namespace ekslite::api
