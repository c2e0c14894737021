// RbacAuthorizer: the apiserver's authorizer. Members of system:masters may do
// everything (upstream's privileged-group authorizer, consulted first); every
// other request is allowed when a rule of a role bound to the user allows it,
// as upstream's RBAC authorizer decides:
//
//   - every ClusterRoleBinding whose subjects include the user (by name, by
//     one of its groups, or as a ServiceAccount "system:serviceaccount:ns:sa")
//     contributes the rules of its ClusterRole;
//   - for requests in a namespace, every RoleBinding in that namespace does
//     the same with its Role (in the namespace) or ClusterRole;
//   - a binding whose role does not exist contributes an error instead; when
//     nothing allows the request those errors become the reason
//     ("RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found").
//
// RBAC only allows: a request no rule allows gets no opinion (denied).
#ifndef EKSLITE_APISERVER_AUTHZ_RBAC_AUTHORIZER_H_
#define EKSLITE_APISERVER_AUTHZ_RBAC_AUTHORIZER_H_

#include <functional>
#include <string>

#include "apiserver/authz/authorizer.h"
#include "apiserver/authz/rbac_index.h"

namespace ekslite::apiserver {

inline constexpr char kMastersGroup[] = "system:masters";

// Where a rule came from: a binding and the subject of it that matched.
struct RuleSource {
  const RbacBinding* binding = nullptr;
  const RbacSubject* subject = nullptr;
};

// Upstream's wording of a source: `ClusterRoleBinding "b" of ClusterRole "r"
// to Group "g"`, `RoleBinding "b/ns" of Role "r" to ServiceAccount "sa/ns"`.
std::string DescribeRuleSource(const RuleSource& source);

// Called with each rule that applies, or with an error (rule null); returns
// false to stop.
using RuleVisitor = std::function<bool(const RuleSource& source, const PolicyRule* rule,
                                       const std::string* error)>;

// Visits the rules that apply to `user` cluster-wide and, when `ns` is not
// empty, in namespace `ns`, in upstream's order.
void VisitRulesFor(const RbacSnapshot& snapshot, const UserInfo& user, const std::string& ns,
                   const RuleVisitor& visit);

// True when `subject` of a binding in namespace `binding_ns` ("" for cluster
// bindings) names `user`.
bool SubjectAppliesTo(const RbacSubject& subject, const UserInfo& user,
                      const std::string& binding_ns);

class RbacAuthorizer final : public Authorizer, public RuleResolver {
 public:
  // `index` must outlive the authorizer.
  explicit RbacAuthorizer(RbacIndex& index) : index_(index) {}

  // Allowed decisions carry upstream's reason ("RBAC: allowed by ...", or ""
  // for system:masters). Thread-safe.
  Decision Authorize(const Attributes& attributes) const override;
  // The rules of every role bound to the user, resource and non-resource
  // rules apart; resolution errors set evaluation_error. Thread-safe.
  UserRules RulesFor(const UserInfo& user, const std::string& namespace_) const override;

 private:
  RbacIndex& index_;
};

// Upstream's aggregate error text: the one message, or "[a, b]" for several
// distinct ones; "" for none.
std::string AggregateErrors(const std::vector<std::string>& errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_RBAC_AUTHORIZER_H_
