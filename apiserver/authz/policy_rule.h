// PolicyRule: one rule of an RBAC Role or ClusterRole, and how a rule matches
// a request, with upstream's semantics:
//
//   verbs            "*" or the request's verb (get, list, watch, create, ...,
//                    impersonate, bind, escalate, or the lower-case HTTP method
//                    of a non-resource request)
//   apiGroups        "*" or the request's group ("" is the core group)
//   resources        "*", the resource, "resource/subresource", or "*/sub"
//                    for a subresource of any resource
//   resourceNames    empty (any name) or the request's name
//   nonResourceURLs  "*", the exact path, or a prefix ending in "*"
//
// Resource rules never match non-resource requests and the other way round.
// Values are plain data; everything here is pure and thread-safe.
#ifndef EKSLITE_APISERVER_AUTHZ_POLICY_RULE_H_
#define EKSLITE_APISERVER_AUTHZ_POLICY_RULE_H_

#include <string>
#include <string_view>
#include <vector>

#include "apiserver/authz/authorizer.h"
#include "core/json.h"

namespace ekslite::apiserver {

struct PolicyRule {
  std::vector<std::string> verbs;
  std::vector<std::string> api_groups;
  std::vector<std::string> resources;
  std::vector<std::string> resource_names;
  std::vector<std::string> non_resource_urls;

  bool operator==(const PolicyRule&) const = default;
};

// Reads an rbac.authorization.k8s.io/v1 PolicyRule (absent lists are empty;
// non-string items are skipped).
PolicyRule PolicyRuleFromJson(const JsonValue& rule);
// Reads a `rules` array; null or a non-array gives no rules.
std::vector<PolicyRule> PolicyRulesFromJson(const JsonValue* rules);
// The JSON form, omitting empty lists other than `verbs`.
JsonValue PolicyRuleToJson(const PolicyRule& rule, JsonAllocator& a);

bool VerbMatches(const PolicyRule& rule, std::string_view verb);
bool ApiGroupMatches(const PolicyRule& rule, std::string_view group);
// `combined` is "resource" or "resource/subresource"; `subresource` may be "".
bool ResourceMatches(const PolicyRule& rule, std::string_view combined,
                     std::string_view subresource);
bool ResourceNameMatches(const PolicyRule& rule, std::string_view name);
bool NonResourceUrlMatches(const PolicyRule& rule, std::string_view path);

// True when `rule` allows the request described by `attributes`.
bool RuleAllows(const Attributes& attributes, const PolicyRule& rule);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_POLICY_RULE_H_
