#include "apiserver/authn/authenticators.h"

#include "apiserver/authn/token_file.h"
#include "apiserver/authn/x509_authenticator.h"
#include "core/log.h"

namespace ekslite::apiserver {

StatusOr<std::vector<std::shared_ptr<Authenticator>>> NewAuthenticators(
    const AuthenticatorsOptions& options) {
  std::vector<std::shared_ptr<Authenticator>> chain = {NewX509Authenticator()};
  if (!options.token_auth_file.empty()) {
    EKS_ASSIGN_OR_RETURN(std::vector<TokenEntry> tokens, LoadTokenFile(options.token_auth_file));
    Logger("authn")->info("loaded {} static tokens from {}", tokens.size(),
                          options.token_auth_file);
    chain.push_back(NewTokenAuthenticator(std::move(tokens)));
  }
  return chain;
}

}  // namespace ekslite::apiserver
