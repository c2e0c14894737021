// String formats and patterns of OpenAPI schemas, as upstream checks them
// for custom resources (value_validation.h).
#include <arpa/inet.h>

#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <regex>

#include "core/base64.h"
#include "core/clock.h"
#include "core/schema/value_validation.h"

namespace ekslite::schema {
namespace {

bool AllHex(std::string_view s) {
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// 8-4-4-4-12 hex digits, the dashes optional; `version` ('\0' for any) is the
// first digit of the third group, and versions 4 and 5 need the variant bits.
bool IsUuid(std::string_view s, char version) {
  std::string hex;
  for (char c : s) {
    if (c != '-') hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (hex.size() != 32 || !AllHex(hex)) return false;
  size_t dashes = s.size() - 32;
  if (dashes != 0 && dashes != 4) return false;
  if (dashes == 4 && (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')) return false;
  if (version != '\0' && hex[12] != version) return false;
  if ((version == '4' || version == '5') && std::string_view("89ab").find(hex[16]) == std::string_view::npos) {
    return false;
  }
  return true;
}

bool IsIpv4(std::string_view s) {
  in_addr a;
  return inet_pton(AF_INET, std::string(s).c_str(), &a) == 1;
}

bool IsIpv6(std::string_view s) {
  in6_addr a;
  return s.find(':') != std::string_view::npos &&
         inet_pton(AF_INET6, std::string(s).c_str(), &a) == 1;
}

bool IsCidr(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view ip = s.substr(0, slash), bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3) return false;
  for (char c : bits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  int n = std::stoi(std::string(bits));
  if (IsIpv4(ip)) return n <= 32;
  return IsIpv6(ip) && n <= 128;
}

// 6, 8 or 20 hex-digit pairs separated by ':' or '-', or dotted groups of 4.
bool IsMac(std::string_view s) {
  for (char sep : {':', '-'}) {
    if (s.size() >= 17 && (s.size() + 1) % 3 == 0 && s[2] == sep) {
      size_t groups = (s.size() + 1) / 3;
      if (groups != 6 && groups != 8 && groups != 20) return false;
      for (size_t i = 0; i < s.size(); ++i) {
        if (i % 3 == 2 ? s[i] != sep : !std::isxdigit(static_cast<unsigned char>(s[i]))) {
          return false;
        }
      }
      return true;
    }
  }
  if ((s.size() + 1) % 5 != 0) return false;
  size_t groups = (s.size() + 1) / 5;
  if (groups != 3 && groups != 4 && groups != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i % 5 == 4 ? s[i] != '.' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// RFC 1034 host names: dot-separated labels of letters, digits and '-', not
// starting or ending with '-', at most 63 characters each, 255 in total.
bool IsHostname(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view label = s.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return end == s.size() && label.empty() && start > 0;  // a trailing dot
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int month = std::stoi(std::string(s.substr(5, 2)));
  int day = std::stoi(std::string(s.substr(8, 2)));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsDateTime(std::string_view s) {
  Clock::time_point t;
  return s.size() > 10 && IsDate(s.substr(0, 10)) && ParseRfc3339(s, &t);
}

bool IsBase64(std::string_view s) { return Base64Decode(s).has_value(); }

}  // namespace

bool FormatValid(std::string_view format, std::string_view value) {
  if (format == "uuid") return IsUuid(value, '\0');
  if (format == "uuid3") return IsUuid(value, '3');
  if (format == "uuid4") return IsUuid(value, '4');
  if (format == "uuid5") return IsUuid(value, '5');
  if (format == "ipv4") return IsIpv4(value);
  if (format == "ipv6") return IsIpv6(value);
  if (format == "cidr") return IsCidr(value);
  if (format == "mac") return IsMac(value);
  if (format == "hostname") return IsHostname(value);
  if (format == "byte") return IsBase64(value);
  if (format == "date") return IsDate(value);
  if (format == "datetime") return IsDateTime(value);
  if (format == "bsonobjectid") return value.size() == 24 && AllHex(value);
  if (format == "hexcolor") {
    std::string_view h = !value.empty() && value[0] == '#' ? value.substr(1) : value;
    return (h.size() == 3 || h.size() == 6) && AllHex(h);
  }
  if (format == "email") {
    size_t at = value.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < value.size();
  }
  if (format == "uri") return value.find(':') != std::string_view::npos || value.starts_with("/");
  return true;  // formats upstream does not check
}

bool PatternMatches(const std::string& pattern, std::string_view value) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const std::regex>>* cache =
      new std::map<std::string, std::shared_ptr<const std::regex>>();
  std::shared_ptr<const std::regex> re;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(pattern);
    if (it != cache->end()) re = it->second;
  }
  if (re == nullptr) {
    try {
      // The polynomial (breadth-first) engine: no deep recursion on long
      // inputs, no exponential backtracking.
      re = std::make_shared<const std::regex>(
          pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
    } catch (const std::regex_error&) {
      return true;
    }
    std::lock_guard<std::mutex> lock(mu);
    if (cache->size() > 4096) cache->clear();
    cache->emplace(pattern, re);
  }
  return std::regex_search(value.begin(), value.end(), *re);
}

}  // namespace ekslite::schema
