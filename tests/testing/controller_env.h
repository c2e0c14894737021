// ControllerEnv: what a controller test needs — the real apiserver handler
// over the memory store, a loopback client, an informer factory, and helpers
// to create objects and to play the kubelet's part (pod phases and
// readiness), which no component does in these tests.
#ifndef EKSLITE_TESTS_TESTING_CONTROLLER_ENV_H_
#define EKSLITE_TESTS_TESTING_CONTROLLER_ENV_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apiserver/api_handler.h"
#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/transport.h"
#include "core/component.h"
#include "core/json.h"
#include "tests/testing/test_api.h"

namespace ekslite::testing {

class ControllerEnv {
 public:
  explicit ControllerEnv(apiserver::ApiHandlerOptions options = {});
  // Stops the informers. Components stop themselves when destroyed, which
  // happens first: a test declares its env before its controllers.
  ~ControllerEnv();

  client::DynamicClient& client() { return *client_; }
  client::InformerFactory& informers() { return *informers_; }
  TestApi& api() { return *api_; }

  // Starts the informers made so far and then `component` (declared after
  // the env, so destroyed — and stopped — before it). Fails the test on
  // error.
  void Start(Component& component);

  // Creates an object from JSON text in `ns`; returns what was stored
  // (fails the test and returns null JSON on error).
  Json Create(const client::GroupVersionResource& resource, const std::string& ns,
              const std::string& json);
  // The object, or null JSON when it does not exist.
  Json Get(const client::GroupVersionResource& resource, const std::string& ns,
           const std::string& name);
  std::vector<client::ObjectPtr> List(const client::GroupVersionResource& resource,
                                      const std::string& ns, const std::string& selector = "");

  // Plays the kubelet: sets the pod's phase and its Ready condition.
  Status SetPodStatus(const std::string& ns, const std::string& name, const std::string& phase,
                      bool ready);
  // Creates a node that is Ready (with the given labels JSON, e.g.
  // {"zone":"a"}, and taints JSON array).
  void CreateNode(const std::string& name, const std::string& labels = "{}",
                  const std::string& taints = "[]");

 private:
  std::unique_ptr<TestApi> api_;
  std::unique_ptr<client::Transport> transport_;
  std::unique_ptr<client::DynamicClient> client_;
  std::unique_ptr<client::InformerFactory> informers_;
};

// Polls `condition` every 10 ms until it holds (true) or `timeout` passes.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_TESTING_CONTROLLER_ENV_H_
