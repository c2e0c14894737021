#include "tests/testing/controller_env.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/client/loopback_transport.h"

namespace ekslite::testing {

ControllerEnv::ControllerEnv(apiserver::ApiHandlerOptions options) {
  api_ = std::make_unique<TestApi>(options);
  transport_ = client::NewLoopbackTransport(api_->handler());
  client_ = std::make_unique<client::DynamicClient>(*transport_);
  informers_ = std::make_unique<client::InformerFactory>(*client_);
}

ControllerEnv::~ControllerEnv() { informers_->Shutdown(); }

void ControllerEnv::Start(Component& component) {
  informers_->Start();
  Status s = component.Start();
  ASSERT_TRUE(s.ok()) << s.ToString();
}

Json ControllerEnv::Create(const client::GroupVersionResource& resource, const std::string& ns,
                           const std::string& json) {
  auto doc = ParseJson(json);
  EXPECT_TRUE(doc.ok()) << json;
  if (!doc.ok()) return Json();
  auto created = client_->Resource(resource, ns).Create(*doc);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  if (!created.ok()) return Json();
  return std::move(*created);
}

Json ControllerEnv::Get(const client::GroupVersionResource& resource, const std::string& ns,
                        const std::string& name) {
  auto got = client_->Resource(resource, ns).Get(name);
  if (!got.ok()) return Json();
  return std::move(*got);
}

std::vector<client::ObjectPtr> ControllerEnv::List(const client::GroupVersionResource& resource,
                                                   const std::string& ns,
                                                   const std::string& selector) {
  client::ListOptions options;
  options.label_selector = selector;
  auto list = client_->Resource(resource, ns).List(options);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
}

Status ControllerEnv::SetPodStatus(const std::string& ns, const std::string& name,
                                   const std::string& phase, bool ready) {
  auto pods = client_->Resource(client::resources::kPods, ns);
  for (int attempt = 0; attempt < 10; ++attempt) {
    EKS_ASSIGN_OR_RETURN(Json pod, pods.Get(name));
    JsonAllocator& a = pod.GetAllocator();
    JsonValue& status = EnsureObject(pod, "status", a);
    SetString(status, "phase", phase, a);
    JsonValue conditions(rapidjson::kArrayType);
    JsonValue c(rapidjson::kObjectType);
    c.AddMember("type", "Ready", a);
    c.AddMember("status", MakeString(ready ? "True" : "False", a), a);
    c.AddMember("lastTransitionTime", MakeString(FormatRfc3339(RealClock().Now()), a), a);
    conditions.PushBack(std::move(c), a);
    SetMember(status, "conditions", std::move(conditions), a);
    auto written = pods.UpdateStatus(pod);
    if (written.ok() || !written.status().IsConflict()) return written.status();
  }
  return Status::Conflict("pod status kept changing");
}

void ControllerEnv::CreateNode(const std::string& name, const std::string& labels,
                               const std::string& taints) {
  std::string now = FormatRfc3339(RealClock().Now());
  Json node = Create(client::resources::kNodes, "",
                     R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + name +
                         R"(","labels":)" + labels + R"(},"spec":{"taints":)" + taints + "}}");
  if (!node.IsObject()) return;
  auto status =
      ParseJson(R"({"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",)"
                R"("lastHeartbeatTime":")" +
                now + R"(","lastTransitionTime":")" + now + R"("}]})");
  SetMember(node, "status", JsonValue(*status, node.GetAllocator()), node.GetAllocator());
  auto written = client_->Resource(client::resources::kNodes).UpdateStatus(node);
  EXPECT_TRUE(written.ok()) << written.status().ToString();
}

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace ekslite::testing
