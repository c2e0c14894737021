// The content of upstream's bootstrap ClusterRoles and ClusterRoleBindings
// (the facts: names, labels, rules and subjects), built as objects.
#include <string>
#include <vector>

#include "apiserver/authz/bootstrap_policy.h"
#include "apiserver/authz/policy_rule.h"

namespace ekslite::apiserver {
namespace {

using Strings = std::vector<std::string>;

const Strings kRead = {"get", "list", "watch"};
const Strings kWrite = {"create", "delete", "deletecollection", "patch", "update"};
const Strings kReadWrite = {"create", "delete", "deletecollection", "get",
                            "list",   "patch",  "update",           "watch"};

PolicyRule Rule(Strings verbs, Strings groups, Strings resources) {
  return PolicyRule{std::move(verbs), std::move(groups), std::move(resources), {}, {}};
}

PolicyRule UrlRule(Strings verbs, Strings urls) {
  return PolicyRule{std::move(verbs), {}, {}, {}, std::move(urls)};
}

// metadata with the bootstrap label and annotation, plus `labels`.
JsonValue Metadata(const std::string& name, const Strings& labels, JsonAllocator& a) {
  JsonValue meta(rapidjson::kObjectType);
  SetString(meta, "name", name, a);
  JsonValue& l = EnsureObject(meta, "labels", a);
  SetString(l, "kubernetes.io/bootstrapping", "rbac-defaults", a);
  for (const std::string& key : labels) SetString(l, key, "true", a);
  SetString(EnsureObject(meta, "annotations", a), "rbac.authorization.kubernetes.io/autoupdate",
            "true", a);
  return meta;
}

Json ClusterRole(const std::string& name, const std::vector<PolicyRule>& rules,
                 const Strings& labels = {}, const std::string& aggregate_from = "") {
  Json doc(rapidjson::kObjectType);
  JsonAllocator& a = doc.GetAllocator();
  SetString(doc, "apiVersion", "rbac.authorization.k8s.io/v1", a);
  SetString(doc, "kind", "ClusterRole", a);
  SetMember(doc, "metadata", Metadata(name, labels, a), a);
  if (!aggregate_from.empty()) {
    JsonValue match(rapidjson::kObjectType);
    SetString(EnsureObject(match, "matchLabels", a),
              "rbac.authorization.k8s.io/aggregate-to-" + aggregate_from, "true", a);
    JsonValue selectors(rapidjson::kArrayType);
    selectors.PushBack(match, a);
    SetMember(EnsureObject(doc, "aggregationRule", a), "clusterRoleSelectors",
              std::move(selectors), a);
  }
  JsonValue list(rapidjson::kArrayType);
  for (const PolicyRule& r : rules) list.PushBack(PolicyRuleToJson(r, a), a);
  SetMember(doc, "rules", std::move(list), a);
  return doc;
}

Json Binding(const std::string& name, const std::string& role, const Strings& groups) {
  Json doc(rapidjson::kObjectType);
  JsonAllocator& a = doc.GetAllocator();
  SetString(doc, "apiVersion", "rbac.authorization.k8s.io/v1", a);
  SetString(doc, "kind", "ClusterRoleBinding", a);
  SetMember(doc, "metadata", Metadata(name, {}, a), a);
  JsonValue& ref = EnsureObject(doc, "roleRef", a);
  SetString(ref, "apiGroup", "rbac.authorization.k8s.io", a);
  SetString(ref, "kind", "ClusterRole", a);
  SetString(ref, "name", role, a);
  JsonValue subjects(rapidjson::kArrayType);
  for (const std::string& g : groups) {
    JsonValue s(rapidjson::kObjectType);
    SetString(s, "apiGroup", "rbac.authorization.k8s.io", a);
    SetString(s, "kind", "Group", a);
    SetString(s, "name", g, a);
    subjects.PushBack(s, a);
  }
  SetMember(doc, "subjects", std::move(subjects), a);
  return doc;
}

std::vector<PolicyRule> AdminRules() {
  return {Rule({"create"}, {"authorization.k8s.io"}, {"localsubjectaccessreviews"}),
          Rule(kReadWrite, {"rbac.authorization.k8s.io"}, {"rolebindings", "roles"})};
}

std::vector<PolicyRule> EditRules() {
  return {
      Rule(kRead, {""},
           {"pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
            "services/proxy"}),
      Rule({"impersonate"}, {""}, {"serviceaccounts"}),
      Rule(kWrite, {""}, {"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"}),
      Rule({"create"}, {""}, {"pods/eviction"}),
      Rule(kWrite, {""},
           {"configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
            "replicationcontrollers/scale", "secrets", "serviceaccounts", "services",
            "services/proxy"}),
      Rule({"create"}, {""}, {"serviceaccounts/token"}),
      Rule(kWrite, {"apps"},
           {"daemonsets", "deployments", "deployments/rollback", "deployments/scale",
            "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"}),
      Rule(kWrite, {"autoscaling"}, {"horizontalpodautoscalers"}),
      Rule(kWrite, {"batch"}, {"cronjobs", "jobs"}),
      Rule(kWrite, {"extensions"},
           {"daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
            "networkpolicies", "replicasets", "replicasets/scale",
            "replicationcontrollers/scale"}),
      Rule(kWrite, {"policy"}, {"poddisruptionbudgets"}),
      Rule(kWrite, {"networking.k8s.io"}, {"ingresses", "networkpolicies"}),
      Rule(kReadWrite, {"coordination.k8s.io"}, {"leases"}),
  };
}

std::vector<PolicyRule> ViewRules() {
  return {
      Rule(kRead, {""},
           {"configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status",
            "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
            "services", "services/status"}),
      Rule(kRead, {""},
           {"bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
            "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"}),
      Rule(kRead, {""}, {"namespaces"}),
      Rule(kRead, {"discovery.k8s.io"}, {"endpointslices"}),
      Rule(kRead, {"apps"},
           {"controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
            "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
            "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"}),
      Rule(kRead, {"autoscaling"},
           {"horizontalpodautoscalers", "horizontalpodautoscalers/status"}),
      Rule(kRead, {"batch"}, {"cronjobs", "cronjobs/status", "jobs", "jobs/status"}),
      Rule(kRead, {"extensions"},
           {"daemonsets", "daemonsets/status", "deployments", "deployments/scale",
            "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
            "replicasets", "replicasets/scale", "replicasets/status",
            "replicationcontrollers/scale"}),
      Rule(kRead, {"policy"}, {"poddisruptionbudgets", "poddisruptionbudgets/status"}),
      Rule(kRead, {"networking.k8s.io"}, {"ingresses", "ingresses/status", "networkpolicies"}),
  };
}

}  // namespace

std::vector<Json> BootstrapClusterRoles() {
  const std::string agg = "rbac.authorization.k8s.io/aggregate-to-";
  std::vector<Json> roles;
  roles.push_back(ClusterRole("cluster-admin", {Rule({"*"}, {"*"}, {"*"}), UrlRule({"*"}, {"*"})}));
  roles.push_back(ClusterRole("admin", {}, {}, "admin"));
  roles.push_back(ClusterRole("edit", {}, {agg + "admin"}, "edit"));
  roles.push_back(ClusterRole("view", {}, {agg + "edit"}, "view"));
  roles.push_back(ClusterRole("system:aggregate-to-admin", AdminRules(), {agg + "admin"}));
  roles.push_back(ClusterRole("system:aggregate-to-edit", EditRules(), {agg + "edit"}));
  roles.push_back(ClusterRole("system:aggregate-to-view", ViewRules(), {agg + "view"}));
  roles.push_back(ClusterRole(
      "system:discovery",
      {UrlRule({"get"}, {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                         "/openapi/*", "/readyz", "/version", "/version/"})}));
  roles.push_back(ClusterRole(
      "system:basic-user",
      {Rule({"create"}, {"authorization.k8s.io"},
            {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}),
       Rule({"create"}, {"authentication.k8s.io"}, {"selfsubjectreviews"})}));
  roles.push_back(ClusterRole(
      "system:public-info-viewer",
      {UrlRule({"get"}, {"/healthz", "/livez", "/readyz", "/version", "/version/"})}));
  roles.push_back(ClusterRole(
      "system:auth-delegator", {Rule({"create"}, {"authentication.k8s.io"}, {"tokenreviews"}),
                                Rule({"create"}, {"authorization.k8s.io"},
                                     {"subjectaccessreviews"})}));
  roles.push_back(ClusterRole(
      "system:monitoring",
      {UrlRule({"get"}, {"/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics",
                         "/metrics/slis", "/readyz", "/readyz/*"})}));
  roles.push_back(ClusterRole(
      "system:service-account-issuer-discovery",
      {UrlRule({"get"}, {"/.well-known/openid-configuration", "/openid/v1/jwks"})}));
  return roles;
}

std::vector<Json> BootstrapClusterRoleBindings() {
  std::vector<Json> bindings;
  bindings.push_back(Binding("cluster-admin", "cluster-admin", {"system:masters"}));
  bindings.push_back(Binding("system:basic-user", "system:basic-user", {"system:authenticated"}));
  bindings.push_back(Binding("system:discovery", "system:discovery", {"system:authenticated"}));
  bindings.push_back(Binding("system:monitoring", "system:monitoring", {"system:monitoring"}));
  bindings.push_back(Binding("system:public-info-viewer", "system:public-info-viewer",
                             {"system:authenticated", "system:unauthenticated"}));
  bindings.push_back(Binding("system:service-account-issuer-discovery",
                             "system:service-account-issuer-discovery",
                             {"system:serviceaccounts"}));
  return bindings;
}

}  // namespace ekslite::apiserver
