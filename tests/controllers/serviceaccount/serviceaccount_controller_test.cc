#include "controllers/serviceaccount/serviceaccount_controller.h"

#include <gtest/gtest.h>

#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {
namespace {

namespace r = client::resources;

TEST(ServiceAccountControllerTest, EveryNamespaceGetsADefaultServiceAccountBack) {
  testing::ControllerEnv env;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller = NewServiceAccountController(env.client(), env.informers());
  env.Start(*controller);
  env.Create(r::kNamespaces, "", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})");
  ASSERT_TRUE(testing::WaitFor([&] { return env.Get(r::kServiceAccounts, "team", "default").IsObject(); }));
  ASSERT_TRUE(env.client().Resource(r::kServiceAccounts, "team").Delete("default").ok());
  EXPECT_TRUE(testing::WaitFor([&] { return env.Get(r::kServiceAccounts, "team", "default").IsObject(); }));
  controller->Stop();
}

TEST(RootCaPublisherTest, PublishesAndRestoresKubeRootCa) {
  testing::ControllerEnv env;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller =
      NewRootCaPublisher(env.client(), env.informers(), {.ca_pem = "-----BEGIN CERTIFICATE-----\nX\n"});
  env.Start(*controller);
  env.Create(r::kNamespaces, "", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"apps"}})");
  auto ca = [&] { return env.Get(r::kConfigMaps, "apps", "kube-root-ca.crt"); };
  ASSERT_TRUE(testing::WaitFor([&] { return ca().IsObject(); }));
  EXPECT_EQ(View((*Member(ca(), "data"))["ca.crt"]), "-----BEGIN CERTIFICATE-----\nX\n");
  auto tampered = env.client().Resource(r::kConfigMaps, "apps")
                      .Patch("kube-root-ca.crt", client::PatchType::kMerge, R"({"data":{"ca.crt":"bogus"}})");
  ASSERT_TRUE(tampered.ok());
  EXPECT_TRUE(testing::WaitFor([&] {
    Json cm = ca();
    return cm.IsObject() && View((*Member(cm, "data"))["ca.crt"]) == "-----BEGIN CERTIFICATE-----\nX\n";
  }));
  ASSERT_TRUE(env.client().Resource(r::kConfigMaps, "apps").Delete("kube-root-ca.crt").ok());
  EXPECT_TRUE(testing::WaitFor([&] { return ca().IsObject(); }));
  controller->Stop();
}

}  // namespace
}  // namespace ekslite::controllers
