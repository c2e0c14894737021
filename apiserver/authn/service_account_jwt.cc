#include "apiserver/authn/service_account_jwt.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "apiserver/pki/certificates.h"
#include "apiserver/pki/openssl_util.h"
#include "core/base64.h"
#include "core/json.h"

namespace ekslite::apiserver {
namespace {

using pki::EvpPkeyPtr;
constexpr size_t kCoordinate = 32;  // P-256

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct SigDeleter {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using SigPtr = std::unique_ptr<ECDSA_SIG, SigDeleter>;

bool IsP256(EVP_PKEY* key) {
  char group[64] = {};
  size_t len = 0;
  return EVP_PKEY_is_a(key, "EC") &&
         EVP_PKEY_get_group_name(key, group, sizeof(group), &len) == 1 &&
         std::string_view(group, len) == "prime256v1";
}

// base64url(SHA-256(DER SubjectPublicKeyInfo)).
std::string KeyId(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return "";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(len), digest);
  OPENSSL_free(der);
  return Base64UrlEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest)));
}

void AppendMember(std::string_view name, std::string* out) {
  if (out->back() != '{') out->push_back(',');
  AppendJsonString(name, out);
  out->push_back(':');
}

void AppendString(std::string_view name, std::string_view value, std::string* out) {
  AppendMember(name, out);
  AppendJsonString(value, out);
}

void AppendInt(std::string_view name, int64_t value, std::string* out) {
  AppendMember(name, out);
  out->append(std::to_string(value));
}

void AppendRef(std::string_view name, const BoundObjectClaim& ref, std::string* out) {
  AppendMember(name, out);
  out->push_back('{');
  if (!ref.name.empty()) AppendString("name", ref.name, out);
  if (!ref.uid.empty()) AppendString("uid", ref.uid, out);
  out->push_back('}');
}

void AppendKubernetes(const ServiceAccountClaims& c, std::string* out) {
  AppendMember("kubernetes.io", out);
  out->push_back('{');
  if (!c.namespace_.empty()) AppendString("namespace", c.namespace_, out);
  if (c.node) AppendRef("node", *c.node, out);
  if (c.pod) AppendRef("pod", *c.pod, out);
  if (c.secret) AppendRef("secret", *c.secret, out);
  AppendRef("serviceaccount", c.service_account, out);
  if (c.warn_after != 0) AppendInt("warnafter", c.warn_after, out);
  out->push_back('}');
}

std::optional<BoundObjectClaim> RefAt(const JsonValue& k8s, std::string_view name) {
  const JsonValue* ref = Member(k8s, name);
  if (ref == nullptr || !ref->IsObject()) return std::nullopt;
  return BoundObjectClaim{std::string(StringAt(*ref, "name")), std::string(StringAt(*ref, "uid"))};
}

// A JWS ES256 signature is r || s, each 32 bytes; OpenSSL speaks DER.
std::string DerToRaw(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return "";
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kCoordinate, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kCoordinate) < 0 || BN_bn2binpad(s, out + kCoordinate, kCoordinate) < 0) {
    return "";
  }
  return raw;
}

std::string RawToDer(std::string_view raw) {
  if (raw.size() != 2 * kCoordinate) return "";
  const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
  SigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(in, kCoordinate, nullptr);
  BIGNUM* s = BN_bin2bn(in + kCoordinate, kCoordinate, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return "";
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return "";
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string ClaimsToJson(const ServiceAccountClaims& c) {
  std::string out = "{";
  AppendMember("aud", &out);
  out.push_back('[');
  for (size_t i = 0; i < c.audiences.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(c.audiences[i], &out);
  }
  out.push_back(']');
  AppendInt("exp", c.expiry, &out);
  AppendInt("iat", c.issued_at, &out);
  AppendString("iss", c.issuer, &out);
  if (!c.id.empty()) AppendString("jti", c.id, &out);
  AppendKubernetes(c, &out);
  AppendInt("nbf", c.not_before, &out);
  AppendString("sub", c.subject, &out);
  out.push_back('}');
  return out;
}

StatusOr<ServiceAccountClaims> ClaimsFromJson(std::string_view json) {
  EKS_ASSIGN_OR_RETURN(Json doc, ParseJson(json));
  if (!doc.IsObject()) return Status::BadRequest("token claims are not a JSON object");
  ServiceAccountClaims c;
  c.issuer = StringAt(doc, "iss");
  c.subject = StringAt(doc, "sub");
  if (const JsonValue* aud = Member(doc, "aud"); aud != nullptr && aud->IsString()) {
    c.audiences.emplace_back(View(*aud));
  } else if (aud != nullptr && aud->IsArray()) {
    for (const JsonValue& a : aud->GetArray()) {
      if (a.IsString()) c.audiences.emplace_back(View(a));
    }
  }
  c.issued_at = IntAt(doc, "iat").value_or(0);
  c.not_before = IntAt(doc, "nbf").value_or(0);
  c.expiry = IntAt(doc, "exp").value_or(0);
  c.id = StringAt(doc, "jti");
  if (const JsonValue* k8s = Member(doc, "kubernetes.io"); k8s != nullptr && k8s->IsObject()) {
    c.namespace_ = StringAt(*k8s, "namespace");
    c.service_account = RefAt(*k8s, "serviceaccount").value_or(BoundObjectClaim{});
    c.pod = RefAt(*k8s, "pod");
    c.secret = RefAt(*k8s, "secret");
    c.node = RefAt(*k8s, "node");
    c.warn_after = IntAt(*k8s, "warnafter").value_or(0);
  }
  return c;
}

struct JwtSigner::Key {
  EvpPkeyPtr pkey;
};

JwtSigner::JwtSigner(std::unique_ptr<Key> key, std::string key_id, std::string public_pem)
    : key_(std::move(key)), key_id_(std::move(key_id)), public_pem_(std::move(public_pem)) {}
JwtSigner::~JwtSigner() = default;

StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::FromPrivateKeyPem(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr pkey, pki::ParsePrivateKeyPem(pem));
  if (!IsP256(pkey.get())) {
    return Status::Invalid("the service-account signing key must be an ECDSA P-256 key");
  }
  EKS_ASSIGN_OR_RETURN(std::string public_pem, pki::PublicKeyToPem(pkey.get()));
  std::string kid = KeyId(pkey.get());
  auto key = std::make_unique<Key>(Key{std::move(pkey)});
  return std::unique_ptr<JwtSigner>(new JwtSigner(std::move(key), kid, std::move(public_pem)));
}

StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::Generate() {
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr pkey, pki::GenerateEcdsaP256Key());
  EKS_ASSIGN_OR_RETURN(std::string pem, pki::PrivateKeyToPem(pkey.get()));
  return FromPrivateKeyPem(pem);
}

StatusOr<std::string> JwtSigner::Sign(const ServiceAccountClaims& claims) const {
  std::string header = R"({"alg":"ES256","kid":)";
  AppendJsonString(key_id_, &header);
  header.push_back('}');
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(ClaimsToJson(claims));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return pki::OpenSslError(Code::kInternal, "cannot sign the token");
  }
  std::string der(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return pki::OpenSslError(Code::kInternal, "cannot sign the token");
  }
  der.resize(len);
  std::string raw = DerToRaw(der);
  if (raw.empty()) return Status::Internal("cannot encode the token signature");
  return input + "." + Base64UrlEncode(raw);
}

std::optional<ParsedJwt> ParseJwt(std::string_view token) {
  size_t a = token.find('.');
  size_t b = a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = Base64UrlDecode(token.substr(0, a));
  auto payload = Base64UrlDecode(token.substr(a + 1, b - a - 1));
  auto signature = Base64UrlDecode(token.substr(b + 1));
  if (!header || !payload || !signature) return std::nullopt;
  auto doc = ParseJson(*header);
  if (!doc.ok() || !doc->IsObject() || StringAt(*doc, "alg").empty()) return std::nullopt;
  ParsedJwt out;
  out.algorithm = StringAt(*doc, "alg");
  out.key_id = StringAt(*doc, "kid");
  out.signing_input = std::string(token.substr(0, b));
  out.signature = std::move(*signature);
  out.payload = std::move(*payload);
  return out;
}

struct JwtVerifier::Keys {
  std::vector<std::pair<std::string, EvpPkeyPtr>> keys;  // key id, key
};

JwtVerifier::JwtVerifier(std::unique_ptr<Keys> keys) : keys_(std::move(keys)) {}
JwtVerifier::~JwtVerifier() = default;

StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromPublicKeyPems(
    const std::vector<std::string>& pems) {
  auto keys = std::make_unique<Keys>();
  for (const std::string& pem : pems) {
    // A file may hold several keys; parse each PEM block.
    for (size_t at = pem.find("-----BEGIN"); at != std::string::npos;
         at = pem.find("-----BEGIN", at + 1)) {
      auto key = pki::ParsePublicKeyPem(std::string_view(pem).substr(at));
      if (key.ok() && IsP256(key->get())) {
        std::string kid = KeyId(key->get());
        keys->keys.emplace_back(kid, std::move(*key));
      }
    }
  }
  if (keys->keys.empty()) return Status::Invalid("no ECDSA P-256 service-account public key");
  return std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(keys)));
}

bool JwtVerifier::Verify(const ParsedJwt& jwt) const {
  if (jwt.algorithm != "ES256") return false;
  std::string der = RawToDer(jwt.signature);
  if (der.empty()) return false;
  auto check = [&](EVP_PKEY* key) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()),
                            der.size(),
                            reinterpret_cast<const unsigned char*>(jwt.signing_input.data()),
                            jwt.signing_input.size()) == 1;
  };
  // The key the token names first, then the others.
  for (const auto& [kid, key] : keys_->keys) {
    if (kid == jwt.key_id && check(key.get())) return true;
  }
  for (const auto& [kid, key] : keys_->keys) {
    if (kid != jwt.key_id && check(key.get())) return true;
  }
  ERR_clear_error();
  return false;
}

}  // namespace ekslite::apiserver
