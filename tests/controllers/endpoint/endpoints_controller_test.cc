#include "controllers/endpoint/endpoints_controller.h"

#include <gtest/gtest.h>

#include "tests/controllers/endpoint/endpoint_fixture.h"

namespace ekslite::controllers {
namespace {

namespace r = client::resources;

TEST(EndpointsControllerTest, ListsReadyAndNotReadyPodsWithResolvedPorts) {
  testing::ControllerEnv env;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller = NewEndpointsController(env.client(), env.informers());
  env.Start(*controller);
  CreateWebService(env);
  CreateWebPod(env, "a", "10.0.0.2", 8080, true);
  CreateWebPod(env, "b", "10.0.0.3", 8080, false);
  auto endpoints = [&] { return env.Get(r::kEndpoints, "default", "web"); };
  ASSERT_TRUE(testing::WaitFor([&] {
    Json e = endpoints();
    const JsonValue* subsets = e.IsObject() ? Member(e, "subsets") : nullptr;
    return subsets != nullptr && subsets->Size() == 1 && Member((*subsets)[0], "notReadyAddresses") != nullptr &&
           Member((*subsets)[0], "addresses") != nullptr;
  }));
  Json e = endpoints();
  const JsonValue& subset = (*Member(e, "subsets"))[0];
  EXPECT_EQ(StringAt(subset["addresses"][0], "ip"), "10.0.0.2");
  EXPECT_EQ(StringAt(subset["addresses"][0], "targetRef.name"), "a");
  EXPECT_EQ(StringAt(subset["notReadyAddresses"][0], "ip"), "10.0.0.3");
  EXPECT_EQ(ToJsonString(subset["ports"]),
            R"([{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}])");
  EXPECT_EQ(View((*Path(e, "metadata.labels"))["tier"]), "front");
  // The endpoints go with the service.
  ASSERT_TRUE(env.client().Resource(r::kServices, "default").Delete("web").ok());
  EXPECT_TRUE(testing::WaitFor([&] { return endpoints().IsNull(); }));
  controller->Stop();
}

}  // namespace
}  // namespace ekslite::controllers
