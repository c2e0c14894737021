// ServiceAccountAuthenticator: authenticates the bearer tokens the cluster
// issued to service accounts (service_account_jwt.h), as upstream's JWT
// token authenticator does:
//
//   - a token that is not a JWT, or names another issuer, is not its
//     business (nullopt: the next authenticator may know it);
//   - the signature must verify with one of the service-account keys;
//   - the token's audiences must meet the audiences asked for (the API
//     server's own by default);
//   - it must not be expired or not yet valid (a minute of leeway);
//   - the service account must still exist with the same uid (and not have
//     been deleted more than a minute ago), and so must the pod, secret or
//     node the token is bound to.
//
// The user is system:serviceaccount:<ns>:<name> with the account's uid, the
// groups system:serviceaccounts, system:serviceaccounts:<ns> and
// system:authenticated, and extra authentication.kubernetes.io/credential-id
// ("JTI=<jti>"), pod-name/pod-uid and node-name/node-uid when bound.
#ifndef EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_AUTHENTICATOR_H_
#define EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_AUTHENTICATOR_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/authn/authenticator.h"
#include "apiserver/authn/service_account_jwt.h"
#include "core/clock.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Reads a core/v1 object ("serviceaccounts", "pods", "secrets", "nodes"; ns
// "" for nodes): the object, or kNotFound with upstream's message.
using CoreObjectGetter = std::function<StatusOr<Json>(
    std::string_view resource, const std::string& ns, const std::string& name)>;

struct ServiceAccountAuthenticatorOptions {
  std::string issuer;
  std::vector<std::string> api_audiences;  // the audiences of API requests
  const JwtVerifier* verifier = nullptr;   // must outlive the authenticator
  CoreObjectGetter get;
  Clock* clock = &RealClock();
};

// An accepted token: its user and the audiences it was accepted for.
struct TokenAuthentication {
  UserInfo user;
  std::vector<std::string> audiences;
};

class ServiceAccountAuthenticator final : public Authenticator {
 public:
  explicit ServiceAccountAuthenticator(ServiceAccountAuthenticatorOptions options)
      : options_(std::move(options)) {}

  // The request's bearer token against the API audiences. kUnauthorized (with
  // the reason, for logs) for a token of this issuer that fails a check.
  StatusOr<std::optional<UserInfo>> Authenticate(const http::Request& request,
                                                 const Peer& peer) override;

  // `token` against `audiences` (empty: the API audiences), for TokenReview.
  // nullopt when the token is not this issuer's; kUnauthorized with
  // upstream's reason ("service account token has expired", ...) when it
  // fails a check. Thread-safe.
  StatusOr<std::optional<TokenAuthentication>> AuthenticateToken(
      std::string_view token, const std::vector<std::string>& audiences) const;

 private:
  StatusOr<UserInfo> Validate(const ServiceAccountClaims& claims) const;
  Status CheckBound(const ServiceAccountClaims& claims) const;

  ServiceAccountAuthenticatorOptions options_;
};

// The user a service-account token's claims stand for.
UserInfo ServiceAccountUser(const ServiceAccountClaims& claims);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_AUTHENTICATOR_H_
