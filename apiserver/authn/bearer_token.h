// The bearer token of a request (`Authorization: Bearer <token>`), shared by
// the static-token and service-account authenticators.
#ifndef EKSLITE_APISERVER_AUTHN_BEARER_TOKEN_H_
#define EKSLITE_APISERVER_AUTHN_BEARER_TOKEN_H_

#include <optional>
#include <string_view>

#include "core/http/message.h"

namespace ekslite::apiserver {

// The token, or nullopt when there is no Authorization header, its scheme is
// not "Bearer" (compared case-insensitively) or the token is empty. The view
// points into `request`.
std::optional<std::string_view> BearerToken(const http::Request& request);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_BEARER_TOKEN_H_
