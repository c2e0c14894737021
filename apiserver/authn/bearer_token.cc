#include "apiserver/authn/bearer_token.h"

#include <strings.h>

namespace ekslite::apiserver {

std::optional<std::string_view> BearerToken(const http::Request& request) {
  std::string_view value = http::Header(request, http::Field::authorization);
  constexpr std::string_view kScheme = "bearer";
  if (value.size() <= kScheme.size() ||
      strncasecmp(value.data(), kScheme.data(), kScheme.size()) != 0 ||
      value[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = value.substr(kScheme.size() + 1);
  // A second space (or any more text) makes the header malformed; upstream
  // ignores such a header rather than rejecting the request.
  if (token.empty() || token.find(' ') != std::string_view::npos) return std::nullopt;
  return token;
}

}  // namespace ekslite::apiserver
