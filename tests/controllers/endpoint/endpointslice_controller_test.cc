#include "controllers/endpointslice/endpointslice_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/controller_ref.h"
#include "tests/controllers/endpoint/endpoint_fixture.h"

namespace ekslite::controllers {
namespace {

namespace r = client::resources;

TEST(EndpointSliceControllerTest, KeepsALabelledSliceWithEndpointConditions) {
  testing::ControllerEnv env;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller = NewEndpointSliceController(env.client(), env.informers());
  env.Start(*controller);
  CreateWebService(env);
  auto slices = [&] { return env.List(r::kEndpointSlices, "default", "kubernetes.io/service-name=web"); };
  // With no pods there is one empty slice.
  ASSERT_TRUE(testing::WaitFor([&] { return slices().size() == 1; }));
  CreateWebPod(env, "a", "10.0.0.2", 8080, true);
  CreateWebPod(env, "b", "10.0.0.3", 8080, false);
  ASSERT_TRUE(testing::WaitFor([&] {
    auto all = slices();
    const JsonValue* endpoints = all.size() == 1 ? Member(*all[0], "endpoints") : nullptr;
    return endpoints != nullptr && endpoints->IsArray() && endpoints->Size() == 2;
  }));
  client::ObjectPtr slice = slices()[0];
  EXPECT_EQ(StringAt(*slice, "addressType"), "IPv4");
  EXPECT_EQ(View((*Path(*slice, "metadata.labels"))["endpointslice.kubernetes.io/managed-by"]),
            "endpointslice-controller.k8s.io");
  std::optional<OwnerRef> owner = ControllerOf(*slice);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->kind, "Service");
  const JsonValue& endpoints = *Member(*slice, "endpoints");
  EXPECT_EQ(ToJsonString(endpoints[0]["addresses"]), R"(["10.0.0.2"])");
  EXPECT_EQ(ToJsonString(endpoints[0]["conditions"]), R"({"ready":true,"serving":true,"terminating":false})");
  EXPECT_EQ(ToJsonString(endpoints[1]["conditions"]), R"({"ready":false,"serving":false,"terminating":false})");
  EXPECT_EQ(ToJsonString(*Member(*slice, "ports")),
            R"([{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}])");
  controller->Stop();
}

}  // namespace
}  // namespace ekslite::controllers
