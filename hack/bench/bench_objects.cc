#include "hack/bench/bench_objects.h"

#include <chrono>

namespace ekslite::bench {

std::string ConfigMapsPath(const std::string& ns) {
  return "/api/v1/namespaces/" + ns + "/configmaps";
}

std::string ConfigMapJson(const std::string& name, size_t value_bytes) {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
         R"("},"data":{"payload":")" + std::string(value_bytes, 'x') + R"("}})";
}

Status EnsureNamespace(const ApiEndpoint& endpoint, const std::string& ns) {
  EKS_ASSIGN_OR_RETURN(auto client, ApiClient::Connect(endpoint));
  EKS_ASSIGN_OR_RETURN(Reply reply, client->Send("POST", "/api/v1/namespaces",
                                                 R"({"metadata":{"name":")" + ns + R"("}})"));
  if (reply.status != 201 && reply.status != 409) {
    return Status::Internal("creating namespace " + ns + " answered " +
                            std::to_string(reply.status) + ": " + reply.body);
  }
  return Status::Ok();
}

std::string RunId() {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(us.count() % 1000000000);
}

}  // namespace ekslite::bench
