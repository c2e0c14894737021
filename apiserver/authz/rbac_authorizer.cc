#include "apiserver/authz/rbac_authorizer.h"

#include <algorithm>
#include <set>

#include "core/api/go_format.h"

namespace ekslite::apiserver {
namespace {

using api::GoQuote;

std::string DescribeSubject(const RbacSubject& s, const std::string& binding_ns) {
  if (s.kind == "ServiceAccount") {
    return s.kind + " " + GoQuote(s.name + "/" + (s.namespace_.empty() ? binding_ns : s.namespace_));
  }
  return s.kind + " " + GoQuote(s.name);
}

// The rules of the role a binding refers to, or the error upstream reports.
const std::vector<PolicyRule>* RoleRules(const RbacSnapshot& snap, const RbacBinding& b,
                                         std::string* error) {
  if (b.role_kind == "ClusterRole") {
    if (const RbacRole* r = snap.ClusterRole(b.role_name)) return &r->rules;
    *error = "clusterrole.rbac.authorization.k8s.io " + GoQuote(b.role_name) + " not found";
  } else if (b.role_kind == "Role") {
    if (const RbacRole* r = snap.Role(b.namespace_, b.role_name)) return &r->rules;
    *error = "role.rbac.authorization.k8s.io " + GoQuote(b.role_name) + " not found";
  } else {
    *error = "unsupported role reference kind: " + GoQuote(b.role_kind);
  }
  return nullptr;
}

// Visits one binding's rules; false when the visitor stopped.
bool VisitBinding(const RbacSnapshot& snap, const RbacBinding& b, const UserInfo& user,
                  const RuleVisitor& visit) {
  auto subject = std::find_if(b.subjects.begin(), b.subjects.end(), [&](const RbacSubject& s) {
    return SubjectAppliesTo(s, user, b.namespace_);
  });
  if (subject == b.subjects.end()) return true;
  std::string error;
  const std::vector<PolicyRule>* rules = RoleRules(snap, b, &error);
  RuleSource source{&b, &*subject};
  if (rules == nullptr) return visit(source, nullptr, &error);
  for (const PolicyRule& rule : *rules) {
    if (!visit(source, &rule, nullptr)) return false;
  }
  return true;
}

}  // namespace

std::string DescribeRuleSource(const RuleSource& source) {
  const RbacBinding& b = *source.binding;
  bool cluster = b.namespace_.empty();
  std::string name = cluster ? b.name : b.name + "/" + b.namespace_;
  return std::string(cluster ? "ClusterRoleBinding " : "RoleBinding ") + GoQuote(name) + " of " +
         b.role_kind + " " + GoQuote(b.role_name) + " to " +
         DescribeSubject(*source.subject, b.namespace_);
}

bool SubjectAppliesTo(const RbacSubject& subject, const UserInfo& user,
                      const std::string& binding_ns) {
  if (subject.kind == "User") return user.name == subject.name;
  if (subject.kind == "Group") {
    return std::find(user.groups.begin(), user.groups.end(), subject.name) != user.groups.end();
  }
  if (subject.kind != "ServiceAccount") return false;
  // A RoleBinding's ServiceAccount subject defaults to the binding's namespace.
  const std::string& ns = subject.namespace_.empty() ? binding_ns : subject.namespace_;
  if (ns.empty()) return false;
  return user.name == "system:serviceaccount:" + ns + ":" + subject.name;
}

void VisitRulesFor(const RbacSnapshot& snap, const UserInfo& user, const std::string& ns,
                   const RuleVisitor& visit) {
  for (const auto& b : snap.cluster_role_bindings) {
    if (!VisitBinding(snap, *b, user, visit)) return;
  }
  if (ns.empty()) return;
  auto it = snap.role_bindings.find(ns);
  if (it == snap.role_bindings.end()) return;
  for (const auto& b : it->second) {
    if (!VisitBinding(snap, *b, user, visit)) return;
  }
}

std::string AggregateErrors(const std::vector<std::string>& errors) {
  if (errors.empty()) return "";
  if (errors.size() == 1) return errors[0];
  std::set<std::string> seen;
  std::string joined;
  for (const std::string& e : errors) {
    if (!seen.insert(e).second) continue;
    if (seen.size() > 1) joined += ", ";
    joined += e;
  }
  return seen.size() == 1 ? joined : "[" + joined + "]";
}

Decision RbacAuthorizer::Authorize(const Attributes& attributes) const {
  const std::vector<std::string>& groups = attributes.user.groups;
  if (std::find(groups.begin(), groups.end(), kMastersGroup) != groups.end()) {
    return {true, ""};
  }
  std::shared_ptr<const RbacSnapshot> snap = index_.Snapshot();
  Decision decision;
  std::vector<std::string> errors;
  VisitRulesFor(*snap, attributes.user, attributes.namespace_,
                [&](const RuleSource& source, const PolicyRule* rule, const std::string* error) {
                  if (rule != nullptr && RuleAllows(attributes, *rule)) {
                    decision = {true, "RBAC: allowed by " + DescribeRuleSource(source)};
                    return false;
                  }
                  if (error != nullptr) errors.push_back(*error);
                  return true;
                });
  if (!decision.allowed && !errors.empty()) decision.reason = "RBAC: " + AggregateErrors(errors);
  return decision;
}

UserRules RbacAuthorizer::RulesFor(const UserInfo& user, const std::string& namespace_) const {
  std::shared_ptr<const RbacSnapshot> snap = index_.Snapshot();
  UserRules out;
  std::vector<std::string> errors;
  VisitRulesFor(*snap, user, namespace_,
                [&](const RuleSource&, const PolicyRule* rule, const std::string* error) {
                  if (error != nullptr) errors.push_back(*error);
                  if (rule == nullptr) return true;
                  if (!rule->resources.empty()) {
                    out.resource_rules.push_back(
                        {rule->verbs, rule->api_groups, rule->resources, rule->resource_names});
                  }
                  if (!rule->non_resource_urls.empty()) {
                    out.non_resource_rules.push_back({rule->verbs, rule->non_resource_urls});
                  }
                  return true;
                });
  out.evaluation_error = AggregateErrors(errors);
  return out;
}

}  // namespace ekslite::apiserver
