// Authorizer: decides whether a user may do what a request asks.
#ifndef EKSLITE_APISERVER_AUTHZ_AUTHORIZER_H_
#define EKSLITE_APISERVER_AUTHZ_AUTHORIZER_H_

#include <string>
#include <vector>

#include "apiserver/authn/user.h"

namespace ekslite::apiserver {

// What a request asks to do (upstream's authorizer.Attributes).
struct Attributes {
  UserInfo user;
  std::string verb;  // get, list, watch, create, update, patch, delete, deletecollection,
                     // impersonate, ...; for non-resource requests the HTTP verb, lower case
  bool resource_request = true;
  std::string api_group;  // resource requests
  std::string api_version;
  std::string resource;
  std::string subresource;
  std::string namespace_;
  std::string name;
  std::string path;  // non-resource requests: "/version", "/healthz", ...
};

struct Decision {
  bool allowed = false;
  std::string reason;  // why (RBAC: which binding allowed it); may be empty
};

class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // Thread-safe; never blocks on storage writes.
  virtual Decision Authorize(const Attributes& attributes) const = 0;
};

// What a user may do in a namespace, as SelfSubjectRulesReview reports it.
struct ResourceRuleInfo {
  std::vector<std::string> verbs, api_groups, resources, resource_names;
};
struct NonResourceRuleInfo {
  std::vector<std::string> verbs, non_resource_urls;
};
struct UserRules {
  std::vector<ResourceRuleInfo> resource_rules;
  std::vector<NonResourceRuleInfo> non_resource_rules;
  // True when the rules may not be everything the user is allowed.
  bool incomplete = false;
  std::string evaluation_error;  // rules that could not be resolved, if any
};

// Lists the rules that apply to a user (upstream's authorizer.RuleResolver).
class RuleResolver {
 public:
  virtual ~RuleResolver() = default;
  // The rules granted to `user` cluster-wide and in `namespace_` ("" for
  // cluster-wide only). Thread-safe.
  virtual UserRules RulesFor(const UserInfo& user, const std::string& namespace_) const = 0;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_AUTHORIZER_H_
