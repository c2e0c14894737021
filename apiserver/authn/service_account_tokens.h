// ServiceAccountTokens: the cluster's service-account token machinery in one
// place: the signing key, the verifying keys, the issuer and API audiences,
// the authenticator of the tokens, and issuing new ones (TokenRequest).
#ifndef EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_TOKENS_H_
#define EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_TOKENS_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/authn/service_account_authenticator.h"
#include "apiserver/authn/service_account_jwt.h"
#include "core/clock.h"

namespace ekslite::apiserver {

// The issuer kube-apiserver installations conventionally use.
inline constexpr char kDefaultServiceAccountIssuer[] =
    "https://kubernetes.default.svc.cluster.local";

struct ServiceAccountTokensOptions {
  // ECDSA P-256 private key (PEM). Empty: a key is generated in memory, so
  // tokens do not survive a restart (tests, throwaway servers).
  std::string private_key_pem;
  // More public keys (PEM) whose tokens are accepted; the signing key's own
  // public key always is.
  std::vector<std::string> public_key_pems;
  std::string issuer = kDefaultServiceAccountIssuer;
  // The audiences of API requests and of tokens requested without any.
  // Empty: {issuer}.
  std::vector<std::string> api_audiences;
  Clock* clock = &RealClock();
  CoreObjectGetter get;  // required
};

// A token to issue for one service account.
struct TokenIssue {
  std::string namespace_;
  std::string service_account_name;
  std::string service_account_uid;
  std::vector<std::string> audiences;  // empty: the API audiences
  int64_t expiration_seconds = 3600;
  std::optional<BoundObjectClaim> pod, secret, node;
};

struct IssuedToken {
  std::string token;
  Clock::time_point expiration;
  std::vector<std::string> audiences;
  std::string id;  // jti
};

class ServiceAccountTokens {
 public:
  // Errors: kInvalid for unusable keys.
  static StatusOr<std::unique_ptr<ServiceAccountTokens>> Create(
      ServiceAccountTokensOptions options);

  // Signs a token (iat = nbf = now, exp = now + expiration, a random jti).
  // kInternal when signing fails. Thread-safe.
  StatusOr<IssuedToken> Issue(const TokenIssue& issue) const;

  // The authenticator of the tokens (for the handler's chain and TokenReview).
  const std::shared_ptr<ServiceAccountAuthenticator>& authenticator() const {
    return authenticator_;
  }
  const std::string& issuer() const { return options_.issuer; }
  const std::vector<std::string>& api_audiences() const { return options_.api_audiences; }
  Clock& clock() const { return *options_.clock; }

 private:
  explicit ServiceAccountTokens(ServiceAccountTokensOptions options) : options_(std::move(options)) {}

  ServiceAccountTokensOptions options_;
  std::unique_ptr<JwtSigner> signer_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::shared_ptr<ServiceAccountAuthenticator> authenticator_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_TOKENS_H_
