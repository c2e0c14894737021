// AccessControl: what the apiserver's handler needs beyond authentication
// of certificates and static tokens, wired in one place:
//
//   - the RBAC index over the watch cache, the authorizer built on it, and
//     ClusterRole aggregation;
//   - aggregation of the bootstrap policy's roles (bootstrap.cc creates and
//     reconciles the policy itself at every start);
//   - service-account tokens (issuing for serviceaccounts/token, and the
//     authenticator the handler adds to its chain);
//   - impersonation and authorization of every request.
//
// Lifecycle: construct, Configure (before resources are registered, so the
// review and token handlers can point at it), Start (after the watch cache
// started), Bootstrap (after the rest of the bootstrap objects). Thread-safe
// after Start.
#ifndef EKSLITE_APISERVER_AUTHZ_ACCESS_CONTROL_H_
#define EKSLITE_APISERVER_AUTHZ_ACCESS_CONTROL_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/authz/cluster_role_aggregator.h"
#include "apiserver/authz/rbac_authorizer.h"
#include "apiserver/authz/rbac_index.h"
#include "apiserver/registry/registry.h"
#include "apiserver/request_info.h"
#include "apiserver/resources/builtin.h"

namespace ekslite::apiserver {

struct AccessControlOptions {
  // Service-account token keys, issuer and audiences (service_account_tokens.h).
  std::string service_account_private_key_pem;
  std::string service_account_public_key_pem;
  std::string service_account_issuer = kDefaultServiceAccountIssuer;
  std::vector<std::string> api_audiences;
  Clock* clock = &RealClock();
  // The authenticators TokenReview consults besides service-account tokens.
  std::vector<std::shared_ptr<Authenticator>> token_authenticators;
};

class AccessControl {
 public:
  // `cache`, `registry` and `table` must outlive it.
  AccessControl(WatchCache& cache, Registry& registry, const ResourceTable& table);

  AccessControl(const AccessControl&) = delete;
  AccessControl& operator=(const AccessControl&) = delete;

  // Creates the token machinery and points `builtin` at the authorizer, the
  // rules resolver and the tokens. Errors: kInvalid for unusable keys.
  Status Configure(const AccessControlOptions& options, BuiltinOptions* builtin);
  // Starts following the RBAC objects. Errors: the index's.
  Status Start();
  // Aggregates the ClusterRoles once the bootstrap objects exist. Errors: the
  // registry's.
  Status Bootstrap();

  // Impersonation, then authorization (request_attributes.h): the acting user
  // or the 403.
  StatusOr<UserInfo> Admit(const http::Request& request, const RequestInfo& info,
                           const UserInfo& user) const;

  // The service-account token authenticator, for the handler's chain.
  std::shared_ptr<Authenticator> service_account_authenticator() const;
  const Authorizer& authorizer() const { return authorizer_; }

 private:
  StatusOr<Json> GetCore(std::string_view resource, const std::string& ns,
                         const std::string& name) const;

  Registry& registry_;
  const ResourceTable& table_;
  RbacIndex index_;
  RbacAuthorizer authorizer_;
  std::unique_ptr<ClusterRoleAggregator> aggregator_;
  std::unique_ptr<ServiceAccountTokens> tokens_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_ACCESS_CONTROL_H_
