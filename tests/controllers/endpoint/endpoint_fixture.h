// Objects the Endpoints and EndpointSlice tests share: a service selecting
// app=web with a named targetPort, and pods with IPs playing the kubelet.
#ifndef EKSLITE_TESTS_CONTROLLERS_ENDPOINT_ENDPOINT_FIXTURE_H_
#define EKSLITE_TESTS_CONTROLLERS_ENDPOINT_ENDPOINT_FIXTURE_H_

#include <string>

#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {

inline void CreateWebService(testing::ControllerEnv& env) {
  env.Create(client::resources::kServices, "default",
             R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"tier":"front"}},)"
             R"("spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"},)"
             R"({"name":"metrics","port":9090}]}})");
}

// A pod of app=web with container port "http" = `port`, Running with `ip`.
inline void CreateWebPod(testing::ControllerEnv& env, const std::string& name, const std::string& ip,
                         int port, bool ready) {
  env.Create(client::resources::kPods, "default",
             R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                 R"(","labels":{"app":"web"}},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"x",)"
                 R"("ports":[{"name":"http","containerPort":)" + std::to_string(port) + "}]}]}}");
  auto pods = env.client().Resource(client::resources::kPods, "default");
  Json pod = *pods.Get(name);
  JsonAllocator& a = pod.GetAllocator();
  Json status = *ParseJson(R"({"phase":"Running","podIP":")" + ip +
                           R"(","conditions":[{"type":"Ready","status":")" + (ready ? "True" : "False") + "\"}]}");
  SetMember(pod, "status", JsonValue(status, a), a);
  (void)pods.UpdateStatus(pod);
}

}  // namespace ekslite::controllers

#endif  // EKSLITE_TESTS_CONTROLLERS_ENDPOINT_ENDPOINT_FIXTURE_H_
