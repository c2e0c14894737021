#include "tests/core/client/test_cluster.h"

#include <gtest/gtest.h>

#include <thread>

#include "apiserver/authn/x509_authenticator.h"
#include "core/client/loopback_transport.h"
#include "core/client/tls_transport.h"
#include "tests/apiserver/test_pki.h"

namespace ekslite::testing {

std::string TransportName(TransportKind kind) {
  return kind == TransportKind::kLoopback ? "Loopback" : "Tls";
}

TestCluster::TestCluster(TransportKind kind, apiserver::ApiHandlerOptions options) {
  if (kind == TransportKind::kLoopback) {
    api_ = std::make_unique<TestApi>(options);
    transport_ = client::NewLoopbackTransport(api_->handler());
  } else {
    options.authenticators.push_back(apiserver::NewX509Authenticator());
    api_ = std::make_unique<TestApi>(options);
    apiserver::ServerOptions server;
    server.port = 0;
    server.io_threads = 1;
    server.certificate_pem = GetTestPki().server.certificate_pem;
    server.private_key_pem = GetTestPki().server.private_key_pem;
    server.client_ca_pem = GetTestPki().ca_pem;
    auto s = apiserver::NewServer(server, api_->handler());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    auto port = server_->Start();
    EXPECT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    client::TlsTransportOptions tls;
    tls.config.server = "https://127.0.0.1:" + std::to_string(port_);
    tls.config.ca_pem = GetTestPki().ca_pem;
    tls.config.client_certificate_pem = GetTestPki().admin.certificate_pem;
    tls.config.client_key_pem = GetTestPki().admin.private_key_pem;
    tls.on_connect = [this] { connections_.fetch_add(1); };
    auto t = client::NewTlsTransport(tls);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    transport_ = std::move(*t);
  }
  client_ = std::make_unique<client::DynamicClient>(*transport_);
}

TestCluster::~TestCluster() {
  if (server_) server_->Stop();
}

Json ConfigMapJson(const std::string& ns, const std::string& name, const std::string& label_value,
                   const std::string& data_value) {
  std::string labels = label_value.empty() ? "" : R"(,"labels":{"app":")" + label_value + R"("})";
  auto doc = ParseJson(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                       R"(","namespace":")" + ns + "\"" + labels + R"(},"data":{"k":")" +
                       data_value + R"("}})");
  return std::move(*doc);
}

Json PodJson(const std::string& ns, const std::string& name, const std::string& node,
             const std::string& label_value) {
  std::string labels = label_value.empty() ? "" : R"(,"labels":{"app":")" + label_value + R"("})";
  std::string node_name = node.empty() ? "" : R"("nodeName":")" + node + R"(",)";
  auto doc = ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                       R"(","namespace":")" + ns + "\"" + labels + R"(},"spec":{)" + node_name +
                       R"("containers":[{"name":"c","image":"busybox"}]}})");
  return std::move(*doc);
}

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace ekslite::testing
