// The authenticator chain for ApiHandlerOptions::authenticators, built from
// the server's flags.
#ifndef EKSLITE_APISERVER_AUTHN_AUTHENTICATORS_H_
#define EKSLITE_APISERVER_AUTHN_AUTHENTICATORS_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/authn/authenticator.h"
#include "core/status.h"

namespace ekslite::apiserver {

struct AuthenticatorsOptions {
  // --token-auth-file; "" for none.
  std::string token_auth_file;
};

// Client certificates first, then static tokens (when a file is given).
// Errors: the token file's (kInvalid naming the line, kNotFound).
StatusOr<std::vector<std::shared_ptr<Authenticator>>> NewAuthenticators(
    const AuthenticatorsOptions& options);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_AUTHENTICATORS_H_
