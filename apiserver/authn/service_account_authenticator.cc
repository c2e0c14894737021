#include "apiserver/authn/service_account_authenticator.h"

#include <algorithm>
#include <chrono>

#include "apiserver/authn/bearer_token.h"
#include "apiserver/authn/groups.h"
#include "apiserver/authn/service_account_names.h"
#include "core/api/go_format.h"

namespace ekslite::apiserver {
namespace {

using api::GoQuote;

constexpr int64_t kLeewaySeconds = 60;
constexpr char kExtraPrefix[] = "authentication.kubernetes.io/";

std::string GoQuoteList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += " ";
    out += GoQuote(values[i]);
  }
  return out + "]";
}

int64_t UnixSeconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Status Unauthorized(std::string reason) { return Status::Unauthorized(std::move(reason)); }

// True when `object` was deleted before `cutoff` (it still exists while
// finalizers hold it).
bool DeletedBefore(const JsonValue& object, int64_t cutoff) {
  std::string_view ts = StringAt(object, "metadata.deletionTimestamp");
  Clock::time_point at;
  return !ts.empty() && ParseRfc3339(ts, &at) && UnixSeconds(at) < cutoff;
}

}  // namespace

UserInfo ServiceAccountUser(const ServiceAccountClaims& c) {
  UserInfo user;
  user.name = ServiceAccountUsername(c.namespace_, c.service_account.name);
  user.uid = c.service_account.uid;
  user.groups = ServiceAccountGroups(c.namespace_);
  std::string prefix = kExtraPrefix;
  if (c.pod && !c.pod->name.empty() && !c.pod->uid.empty()) {
    user.extra[prefix + "pod-name"] = {c.pod->name};
    user.extra[prefix + "pod-uid"] = {c.pod->uid};
  }
  if (!c.id.empty()) user.extra[prefix + "credential-id"] = {"JTI=" + c.id};
  if (c.node && !c.node->name.empty()) {
    user.extra[prefix + "node-name"] = {c.node->name};
    if (!c.node->uid.empty()) user.extra[prefix + "node-uid"] = {c.node->uid};
  }
  return WithAuthenticatedGroup(std::move(user));
}

StatusOr<std::optional<UserInfo>> ServiceAccountAuthenticator::Authenticate(
    const http::Request& request, const Peer&) {
  std::optional<std::string_view> token = BearerToken(request);
  if (!token) return std::optional<UserInfo>();
  EKS_ASSIGN_OR_RETURN(std::optional<TokenAuthentication> auth, AuthenticateToken(*token, {}));
  if (!auth) return std::optional<UserInfo>();
  return std::optional<UserInfo>(std::move(auth->user));
}

StatusOr<std::optional<TokenAuthentication>> ServiceAccountAuthenticator::AuthenticateToken(
    std::string_view token, const std::vector<std::string>& audiences) const {
  std::optional<ParsedJwt> jwt = ParseJwt(token);
  if (!jwt) return std::optional<TokenAuthentication>();
  auto claims = ClaimsFromJson(jwt->payload);
  if (!claims.ok() || claims->issuer != options_.issuer) return std::optional<TokenAuthentication>();
  if (options_.verifier == nullptr || !options_.verifier->Verify(*jwt)) {
    return Unauthorized("go-jose/go-jose: error in cryptographic primitive");
  }
  const std::vector<std::string>& apis = options_.api_audiences;
  std::vector<std::string> token_auds = claims->audiences.empty() ? apis : claims->audiences;
  const std::vector<std::string>& wanted = audiences.empty() ? apis : audiences;
  std::vector<std::string> accepted;
  for (const std::string& a : token_auds) {
    if (std::find(wanted.begin(), wanted.end(), a) != wanted.end()) accepted.push_back(a);
  }
  if (accepted.empty()) {
    return Unauthorized("token audiences " + GoQuoteList(token_auds) +
                        " is invalid for the target audiences " + GoQuoteList(wanted));
  }
  EKS_ASSIGN_OR_RETURN(UserInfo user, Validate(*claims));
  return std::optional<TokenAuthentication>(TokenAuthentication{std::move(user), accepted});
}

StatusOr<UserInfo> ServiceAccountAuthenticator::Validate(const ServiceAccountClaims& c) const {
  int64_t now = UnixSeconds(options_.clock->Now());
  if (c.expiry != 0 && now > c.expiry + kLeewaySeconds) {
    return Unauthorized("service account token has expired");
  }
  if (c.not_before != 0 && now + kLeewaySeconds < c.not_before) {
    return Unauthorized("service account token is not valid yet");
  }
  if (c.issued_at != 0 && now + kLeewaySeconds < c.issued_at) {
    return Unauthorized("service account token is issued in the future");
  }
  if (c.namespace_.empty() || c.service_account.name.empty()) {
    return Unauthorized("service account token claims could not be validated");
  }
  auto sa = options_.get("serviceaccounts", c.namespace_, c.service_account.name);
  if (!sa.ok()) return Unauthorized(sa.status().message());
  if (DeletedBefore(*sa, now - kLeewaySeconds)) {
    return Unauthorized("service account " + c.namespace_ + "/" + c.service_account.name +
                        " has been deleted");
  }
  std::string_view uid = StringAt(*sa, "metadata.uid");
  if (uid != c.service_account.uid) {
    return Unauthorized("service account UID (" + std::string(uid) + ") does not match claim (" +
                        c.service_account.uid + ")");
  }
  EKS_RETURN_IF_ERROR(CheckBound(c));
  return ServiceAccountUser(c);
}

// The pod, secret or node a token is bound to must still be there.
Status ServiceAccountAuthenticator::CheckBound(const ServiceAccountClaims& c) const {
  int64_t cutoff = UnixSeconds(options_.clock->Now()) - kLeewaySeconds;
  struct Bound {
    const BoundObjectClaim* ref;
    const char* resource;
    const char* what;
    bool namespaced;
  };
  auto ptr = [](const std::optional<BoundObjectClaim>& o) { return o ? &*o : nullptr; };
  // A pod-bound token also names its node, for information only.
  bool node_bound = !c.pod && !c.secret;
  for (const Bound& b : {Bound{ptr(c.secret), "secrets", "secret", true},
                         Bound{ptr(c.pod), "pods", "pod", true},
                         Bound{node_bound ? ptr(c.node) : nullptr, "nodes", "node", false}}) {
    if (b.ref == nullptr) continue;
    auto object = options_.get(b.resource, b.namespaced ? c.namespace_ : "", b.ref->name);
    if (!object.ok() || DeletedBefore(*object, cutoff)) {
      return Unauthorized("service account token has been invalidated");
    }
    std::string_view uid = StringAt(*object, "metadata.uid");
    if (uid != b.ref->uid) {
      return Unauthorized(std::string(b.what) + " UID (" + std::string(uid) +
                          ") does not match service account " + b.what + " ref claim (" +
                          b.ref->uid + ")");
    }
  }
  return Status::Ok();
}

}  // namespace ekslite::apiserver
