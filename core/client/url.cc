#include "core/client/url.h"

namespace ekslite::client {

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

QueryBuilder& QueryBuilder::Add(std::string_view name, std::string_view value) {
  if (value.empty()) return *this;
  query_ += query_.empty() ? '?' : '&';
  query_ += PercentEncode(name);
  query_ += '=';
  query_ += PercentEncode(value);
  return *this;
}

}  // namespace ekslite::client
