// TestCluster: the real apiserver handler over the in-memory store, reached
// through either client transport — loopback, or TLS through a real
// in-process HTTPS server with the test PKI's admin certificate — so the
// client's tests run unchanged over both (the Transport seam's twins).
#ifndef EKSLITE_TESTS_CORE_CLIENT_TEST_CLUSTER_H_
#define EKSLITE_TESTS_CORE_CLIENT_TEST_CLUSTER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "apiserver/api_handler.h"
#include "apiserver/server.h"
#include "core/client/dynamic_client.h"
#include "core/client/transport.h"
#include "core/json.h"
#include "tests/testing/test_api.h"

namespace ekslite::testing {

enum class TransportKind { kLoopback, kTls };

std::string TransportName(TransportKind kind);

class TestCluster {
 public:
  explicit TestCluster(TransportKind kind = TransportKind::kLoopback,
                       apiserver::ApiHandlerOptions options = {});
  ~TestCluster();

  client::Transport& transport() { return *transport_; }
  client::DynamicClient& client() { return *client_; }
  TestApi& api() { return *api_; }
  // New TLS connections made so far (0 for loopback).
  int connections() const { return connections_.load(); }
  // The server's port (TLS only).
  uint16_t port() const { return port_; }

 private:
  std::unique_ptr<TestApi> api_;
  std::unique_ptr<apiserver::Server> server_;
  uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  std::unique_ptr<client::Transport> transport_;
  std::unique_ptr<client::DynamicClient> client_;
};

// Objects for tests.
Json ConfigMapJson(const std::string& ns, const std::string& name,
                   const std::string& label_value = "", const std::string& data_value = "v");
Json PodJson(const std::string& ns, const std::string& name, const std::string& node = "",
             const std::string& label_value = "");

// Polls `condition` until it holds (true) or `timeout` passes (false).
bool Eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_CORE_CLIENT_TEST_CLUSTER_H_
