#include "apiserver/authn/service_account_tokens.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>

#include "apiserver/authn/service_account_names.h"

namespace ekslite::apiserver {
namespace {

// A random (version 4) UUID, as upstream uses for jti.
StatusOr<std::string> NewUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) return Status::Internal("no randomness for the token id");
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof(out),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return std::string(out);
}

}  // namespace

StatusOr<std::unique_ptr<ServiceAccountTokens>> ServiceAccountTokens::Create(
    ServiceAccountTokensOptions options) {
  if (options.api_audiences.empty()) options.api_audiences = {options.issuer};
  std::unique_ptr<ServiceAccountTokens> t(new ServiceAccountTokens(std::move(options)));
  const ServiceAccountTokensOptions& o = t->options_;
  if (o.private_key_pem.empty()) {
    EKS_ASSIGN_OR_RETURN(t->signer_, JwtSigner::Generate());
  } else {
    EKS_ASSIGN_OR_RETURN(t->signer_, JwtSigner::FromPrivateKeyPem(o.private_key_pem));
  }
  std::vector<std::string> pems = o.public_key_pems;
  pems.push_back(t->signer_->public_key_pem());
  EKS_ASSIGN_OR_RETURN(t->verifier_, JwtVerifier::FromPublicKeyPems(pems));
  ServiceAccountAuthenticatorOptions auth;
  auth.issuer = o.issuer;
  auth.api_audiences = o.api_audiences;
  auth.verifier = t->verifier_.get();
  auth.get = o.get;
  auth.clock = o.clock;
  t->authenticator_ = std::make_shared<ServiceAccountAuthenticator>(std::move(auth));
  return t;
}

StatusOr<IssuedToken> ServiceAccountTokens::Issue(const TokenIssue& issue) const {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(options_.clock->Now());
  int64_t iat = now.time_since_epoch().count();
  ServiceAccountClaims c;
  c.issuer = options_.issuer;
  c.subject = ServiceAccountUsername(issue.namespace_, issue.service_account_name);
  c.audiences = issue.audiences.empty() ? options_.api_audiences : issue.audiences;
  c.issued_at = iat;
  c.not_before = iat;
  c.expiry = iat + issue.expiration_seconds;
  EKS_ASSIGN_OR_RETURN(c.id, NewUuid());
  c.namespace_ = issue.namespace_;
  c.service_account = {issue.service_account_name, issue.service_account_uid};
  c.pod = issue.pod;
  c.secret = issue.secret;
  c.node = issue.node;
  IssuedToken out;
  EKS_ASSIGN_OR_RETURN(out.token, signer_->Sign(c));
  out.expiration = now + std::chrono::seconds(issue.expiration_seconds);
  out.audiences = c.audiences;
  out.id = c.id;
  return out;
}

}  // namespace ekslite::apiserver
