// Service-account tokens as upstream issues them: compact JWS (RFC 7515)
// signed with ES256 by the cluster's service-account key, whose claims are
//
//   iss, sub ("system:serviceaccount:<ns>:<name>"), aud (a list), exp, iat,
//   nbf, jti, and "kubernetes.io": {namespace, serviceaccount{name,uid},
//   pod{name,uid} | secret{name,uid} | node{name,uid}, warnafter}
//
// The header is {"alg":"ES256","kid":<key id>}, the key id being the
// base64url SHA-256 of the public key's DER SubjectPublicKeyInfo (as
// upstream derives it). Signing and verifying keys are immutable after
// creation; both classes are thread-safe.
#ifndef EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_JWT_H_
#define EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_JWT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::apiserver {

struct BoundObjectClaim {
  std::string name;
  std::string uid;
};

struct ServiceAccountClaims {
  std::string issuer;
  std::string subject;
  std::vector<std::string> audiences;
  int64_t issued_at = 0;  // seconds since the epoch
  int64_t not_before = 0;
  int64_t expiry = 0;
  std::string id;  // jti
  std::string namespace_;
  BoundObjectClaim service_account;
  std::optional<BoundObjectClaim> pod, secret, node;
  int64_t warn_after = 0;  // 0: none
};

// The claims as JSON (members sorted by name, as upstream's encoder writes
// them).
std::string ClaimsToJson(const ServiceAccountClaims& claims);
// Reads claims; kBadRequest when `json` is not a JSON object. `aud` may be a
// string or a list; absent members stay empty.
StatusOr<ServiceAccountClaims> ClaimsFromJson(std::string_view json);

class JwtSigner {
 public:
  // From an unencrypted ECDSA P-256 private key (PEM). kInvalid otherwise.
  static StatusOr<std::unique_ptr<JwtSigner>> FromPrivateKeyPem(std::string_view pem);
  // A fresh in-memory key (servers started without one, tests).
  static StatusOr<std::unique_ptr<JwtSigner>> Generate();
  ~JwtSigner();

  // header.payload.signature over `claims`. kInternal if OpenSSL fails.
  StatusOr<std::string> Sign(const ServiceAccountClaims& claims) const;
  const std::string& key_id() const { return key_id_; }
  // The public key, PEM (for verifiers).
  const std::string& public_key_pem() const { return public_pem_; }

 private:
  struct Key;
  JwtSigner(std::unique_ptr<Key> key, std::string key_id, std::string public_pem);
  std::unique_ptr<Key> key_;
  std::string key_id_;
  std::string public_pem_;
};

// A token split and decoded, before its signature is checked.
struct ParsedJwt {
  std::string algorithm;
  std::string key_id;
  std::string signing_input;  // header.payload as sent
  std::string signature;      // raw bytes
  std::string payload;        // JSON
};

// Splits a compact JWS; nullopt when `token` is not one (three base64url
// parts, a JSON header with "alg").
std::optional<ParsedJwt> ParseJwt(std::string_view token);

class JwtVerifier {
 public:
  // From one or more PEM public keys (several may be concatenated). kInvalid
  // when none parses.
  static StatusOr<std::unique_ptr<JwtVerifier>> FromPublicKeyPems(
      const std::vector<std::string>& pems);
  ~JwtVerifier();

  // True when one of the keys (the one named by the key id first) verifies
  // the ES256 signature of `jwt`.
  bool Verify(const ParsedJwt& jwt) const;

 private:
  struct Keys;
  explicit JwtVerifier(std::unique_ptr<Keys> keys);
  std::unique_ptr<Keys> keys_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_JWT_H_
