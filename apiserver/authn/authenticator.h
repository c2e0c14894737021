// Authenticator: turns a request's credentials into a UserInfo.
#ifndef EKSLITE_APISERVER_AUTHN_AUTHENTICATOR_H_
#define EKSLITE_APISERVER_AUTHN_AUTHENTICATOR_H_

#include <optional>

#include "apiserver/authn/user.h"
#include "apiserver/handler.h"
#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::apiserver {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // Returns the authenticated user; nullopt when the request carries no
  // credential this authenticator understands (the next one may); kUnauthorized
  // when it carries one that is wrong (an unknown or expired token). Never
  // returns anonymous users: the handler decides about anonymous access.
  // Thread-safe.
  virtual StatusOr<std::optional<UserInfo>> Authenticate(const http::Request& request,
                                                         const Peer& peer) = 0;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_AUTHENTICATOR_H_
