// Helpers for authorization tests: requests to the real handler as a chosen
// user (or with no credentials but a bearer token), and small RBAC objects.
#ifndef EKSLITE_TESTS_APISERVER_AUTHZ_AUTHZ_TEST_UTIL_H_
#define EKSLITE_TESTS_APISERVER_AUTHZ_AUTHZ_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/testing/test_api.h"

namespace ekslite::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Serves one request as `user` (a trusted in-process caller), or, for
// nullopt, as a caller that presents no certificate (so headers such as
// Authorization decide who it is).
inline TestResponse DoAs(TestApi& api, const std::optional<apiserver::UserInfo>& user,
                         http::Verb verb, const std::string& target, const std::string& body = "",
                         const Headers& headers = {}) {
  http::Request req(verb, target, 11);
  if (!body.empty()) req.set(http::Field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.insert(k, v);
  req.body() = body;
  req.prepare_payload();
  apiserver::Peer peer;
  peer.in_process = user.has_value();
  peer.certificate_user = user;
  http::Response r = api.handler().Serve(std::move(req), peer);
  TestResponse out;
  out.code = static_cast<int>(r.head.result_int());
  out.body = r.head.body();
  out.stream = std::move(r.stream);
  return out;
}

inline apiserver::UserInfo User(std::string name, std::vector<std::string> groups = {}) {
  groups.push_back("system:authenticated");
  return apiserver::UserInfo{std::move(name), "", std::move(groups), {}};
}

inline std::string Message(const TestResponse& r) {
  Json doc = r.Parsed();
  return doc.IsObject() ? std::string(StringAt(doc, "message")) : r.body;
}

// A Role (or ClusterRole when ns is "") with one rule.
inline std::string RoleJson(const std::string& name, const std::string& ns,
                            const std::string& rule) {
  std::string kind = ns.empty() ? "ClusterRole" : "Role";
  std::string meta = R"({"name":")" + name + "\"" + (ns.empty() ? "" : R"(,"namespace":")" + ns + "\"") + "}";
  return R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":")" + kind +
         R"(","metadata":)" + meta + R"(,"rules":[)" + rule + "]}";
}

// A RoleBinding (or ClusterRoleBinding when ns is "") of role kind/name to
// one subject JSON.
inline std::string BindingJson(const std::string& name, const std::string& ns,
                               const std::string& role_kind, const std::string& role,
                               const std::string& subject) {
  std::string kind = ns.empty() ? "ClusterRoleBinding" : "RoleBinding";
  std::string meta = R"({"name":")" + name + "\"" + (ns.empty() ? "" : R"(,"namespace":")" + ns + "\"") + "}";
  return R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":")" + kind +
         R"(","metadata":)" + meta + R"(,"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":")" +
         role_kind + R"(","name":")" + role + R"("},"subjects":[)" + subject + "]}";
}

inline std::string UserSubject(const std::string& name) {
  return R"({"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":")" + name + "\"}";
}

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_APISERVER_AUTHZ_AUTHZ_TEST_UTIL_H_
