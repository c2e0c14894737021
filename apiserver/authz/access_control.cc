#include "apiserver/authz/access_control.h"

#include "apiserver/authz/request_attributes.h"
#include "core/log.h"

namespace ekslite::apiserver {

AccessControl::AccessControl(WatchCache& cache, Registry& registry, const ResourceTable& table)
    : registry_(registry), table_(table), index_(cache), authorizer_(index_) {}

Status AccessControl::Configure(const AccessControlOptions& options, BuiltinOptions* builtin) {
  ServiceAccountTokensOptions t;
  t.private_key_pem = options.service_account_private_key_pem;
  if (!options.service_account_public_key_pem.empty()) {
    t.public_key_pems.push_back(options.service_account_public_key_pem);
  }
  t.issuer = options.service_account_issuer;
  t.api_audiences = options.api_audiences;
  t.clock = options.clock;
  t.get = [this](std::string_view resource, const std::string& ns, const std::string& name) {
    return GetCore(resource, ns, name);
  };
  if (t.private_key_pem.empty()) {
    Logger("authn")->warn("no service-account signing key: tokens will not survive a restart");
  }
  EKS_ASSIGN_OR_RETURN(tokens_, ServiceAccountTokens::Create(std::move(t)));
  builtin->authorizer = &authorizer_;
  builtin->rule_resolver = &authorizer_;
  builtin->service_account_tokens = tokens_.get();
  builtin->token_authenticators = options.token_authenticators;
  builtin->after_cluster_role_write = [this] {
    if (Status st = aggregator_->Sync(); !st.ok()) {
      Logger("authz")->error("ClusterRole aggregation failed: {}", st.ToString());
    }
  };
  return Status::Ok();
}

Status AccessControl::Start() {
  const ResourceInfo* roles = table_.Find(kRbacGroup, "v1", "clusterroles");
  if (roles == nullptr) return Status::Internal("ClusterRoles are not registered");
  aggregator_ = std::make_unique<ClusterRoleAggregator>(index_, registry_, *roles);
  return index_.Start();
}

Status AccessControl::Bootstrap() { return aggregator_->Sync(); }

StatusOr<UserInfo> AccessControl::Admit(const http::Request& request, const RequestInfo& info,
                                        const UserInfo& user) const {
  return AuthorizeRequest(request, info, user, authorizer_);
}

std::shared_ptr<Authenticator> AccessControl::service_account_authenticator() const {
  return tokens_->authenticator();
}

StatusOr<Json> AccessControl::GetCore(std::string_view resource, const std::string& ns,
                                      const std::string& name) const {
  const ResourceInfo* info = table_.Find("", "v1", std::string(resource));
  if (info == nullptr) return Status::NotFound(std::string(resource) + " are not served");
  EKS_ASSIGN_OR_RETURN(ObjectPtr object, registry_.Get(*info, ns, name));
  return ParseJson(object->json);
}

}  // namespace ekslite::apiserver
