#include "apiserver/authz/policy_rule.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

Attributes Resource(std::string verb, std::string group, std::string resource,
                    std::string subresource = "", std::string name = "") {
  Attributes a;
  a.verb = std::move(verb);
  a.api_group = std::move(group);
  a.resource = std::move(resource);
  a.subresource = std::move(subresource);
  a.name = std::move(name);
  return a;
}

Attributes Path(std::string verb, std::string path) {
  Attributes a;
  a.resource_request = false;
  a.verb = std::move(verb);
  a.path = std::move(path);
  return a;
}

PolicyRule Rule(std::vector<std::string> verbs, std::vector<std::string> groups,
                std::vector<std::string> resources, std::vector<std::string> names = {}) {
  return {std::move(verbs), std::move(groups), std::move(resources), std::move(names), {}};
}

PolicyRule Urls(std::vector<std::string> verbs, std::vector<std::string> urls) {
  return {std::move(verbs), {}, {}, {}, std::move(urls)};
}

struct Case {
  const char* what;
  PolicyRule rule;
  Attributes request;
  bool allowed;
};

TEST(PolicyRuleTest, RuleAllowsFollowsUpstreamMatching) {
  const std::vector<Case> cases = {
      {"exact", Rule({"get"}, {""}, {"pods"}), Resource("get", "", "pods"), true},
      {"other verb", Rule({"get"}, {""}, {"pods"}), Resource("list", "", "pods"), false},
      {"verb star", Rule({"*"}, {""}, {"pods"}), Resource("deletecollection", "", "pods"), true},
      {"watch is its own verb", Rule({"get", "list"}, {""}, {"pods"}),
       Resource("watch", "", "pods"), false},
      {"other group", Rule({"get"}, {""}, {"deployments"}),
       Resource("get", "apps", "deployments"), false},
      {"group star", Rule({"get"}, {"*"}, {"deployments"}),
       Resource("get", "apps", "deployments"), true},
      {"resource star", Rule({"get"}, {""}, {"*"}), Resource("get", "", "secrets"), true},
      {"resource star covers subresources", Rule({"get"}, {""}, {"*"}),
       Resource("get", "", "pods", "log"), true},
      {"resource does not cover subresource", Rule({"get"}, {""}, {"pods"}),
       Resource("get", "", "pods", "log"), false},
      {"subresource exact", Rule({"get"}, {""}, {"pods/log"}), Resource("get", "", "pods", "log"),
       true},
      {"subresource only", Rule({"get"}, {""}, {"pods/log"}), Resource("get", "", "pods"), false},
      {"star slash sub", Rule({"update"}, {"*"}, {"*/scale"}),
       Resource("update", "apps", "deployments", "scale"), true},
      {"star slash sub other sub", Rule({"update"}, {"*"}, {"*/scale"}),
       Resource("update", "apps", "deployments", "status"), false},
      {"resource names match", Rule({"get"}, {""}, {"configmaps"}, {"a"}),
       Resource("get", "", "configmaps", "", "a"), true},
      {"resource names differ", Rule({"get"}, {""}, {"configmaps"}, {"a"}),
       Resource("get", "", "configmaps", "", "b"), false},
      {"resource names and unnamed list", Rule({"list"}, {""}, {"configmaps"}, {"a"}),
       Resource("list", "", "configmaps"), false},
      {"resource rule never matches paths", Rule({"*"}, {"*"}, {"*"}), Path("get", "/healthz"),
       false},
      {"url exact", Urls({"get"}, {"/version"}), Path("get", "/version"), true},
      {"url other", Urls({"get"}, {"/version"}), Path("get", "/version/"), false},
      {"url prefix", Urls({"get"}, {"/api/*"}), Path("get", "/api/v1"), true},
      {"url prefix excludes parent", Urls({"get"}, {"/api/*"}), Path("get", "/api"), false},
      {"url star", Urls({"get"}, {"*"}), Path("get", "/metrics"), true},
      {"url verb", Urls({"get"}, {"*"}), Path("post", "/metrics"), false},
      {"url rule never matches resources", Urls({"*"}, {"*"}), Resource("get", "", "pods"),
       false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RuleAllows(c.request, c.rule), c.allowed) << c.what;
  }
}

TEST(PolicyRuleTest, JsonRoundTripOmitsEmptyLists) {
  PolicyRule rule = Rule({"get"}, {""}, {"pods"}, {"a"});
  Json doc;
  JsonValue v = PolicyRuleToJson(rule, doc.GetAllocator());
  EXPECT_EQ(ToJsonString(v), R"({"verbs":["get"],"apiGroups":[""],"resources":["pods"],)"
                             R"("resourceNames":["a"]})");
  EXPECT_EQ(PolicyRuleFromJson(v), rule);
}

}  // namespace
}  // namespace ekslite::apiserver
