#include "core/client/tls_transport.h"

#include <gtest/gtest.h>

#include <thread>

#include "apiserver/api_handler.h"
#include "apiserver/authn/token_file.h"
#include "apiserver/authn/x509_authenticator.h"
#include "apiserver/kubeconfig.h"
#include "apiserver/server.h"
#include "core/client/cancel_token.h"
#include "core/client/dynamic_client.h"
#include "tests/apiserver/test_pki.h"
#include "tests/core/client/test_cluster.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using testing::ConfigMapJson;
using testing::GetTestPki;
using testing::TestCluster;
using testing::TransportKind;

http::Request Get(const std::string& target) {
  http::Request r(http::Verb::get, target, 11);
  return r;
}

TEST(TlsTransportTest, KeepsConnectionsAlive) {
  TestCluster cluster(TransportKind::kTls);
  for (int i = 0; i < 5; ++i) {
    auto r = cluster.transport().RoundTrip(Get("/version"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->head.result_int(), 200u);
  }
  EXPECT_EQ(cluster.connections(), 1);
  // Concurrent requests open more connections, which are then pooled.
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) EXPECT_TRUE(cluster.transport().RoundTrip(Get("/version")).ok());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(cluster.connections(), 4);
}

TEST(TlsTransportTest, StreamedWatchCanBeCancelled) {
  TestCluster cluster(TransportKind::kTls);
  CancelToken cancel;
  std::vector<std::string> lines;
  StatusOr<http::HeadResponse> head = Status::Internal("not run");
  std::thread reader([&] {
    head = cluster.transport().Stream(
        Get("/api/v1/namespaces/default/configmaps?watch=true"),
        [&](std::string_view line) {
          lines.emplace_back(line);
          return true;
        },
        &cancel);
  });
  ASSERT_TRUE(cluster.client()
                  .Resource(resources::kConfigMaps, "default")
                  .Create(ConfigMapJson("default", "a"))
                  .ok());
  ASSERT_TRUE(testing::Eventually([&] { return !lines.empty(); }));
  cancel.Cancel();
  reader.join();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->result_int(), 200u);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("type":"ADDED")"), std::string::npos);
}

class TlsServerTest : public ::testing::Test {
 protected:
  void Start(apiserver::ApiHandlerOptions handler_options,
             std::chrono::milliseconds idle_timeout = 90s) {
    api_ = std::make_unique<testing::TestApi>(handler_options);
    apiserver::ServerOptions o;
    o.port = 0;
    o.certificate_pem = GetTestPki().server.certificate_pem;
    o.private_key_pem = GetTestPki().server.private_key_pem;
    o.client_ca_pem = GetTestPki().ca_pem;
    o.idle_timeout = idle_timeout;
    server_ = std::move(*apiserver::NewServer(o, api_->handler()));
    port_ = *server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  std::string Url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  std::unique_ptr<testing::TestApi> api_;
  std::unique_ptr<apiserver::Server> server_;
  uint16_t port_ = 0;
};

TEST_F(TlsServerTest, FromTheKubeconfigTheServerWrites) {
  apiserver::ApiHandlerOptions h;
  h.authenticators.push_back(apiserver::NewX509Authenticator());
  Start(h);
  apiserver::KubeconfigOptions k;
  k.server_url = Url();
  k.ca_pem = GetTestPki().ca_pem;
  k.client_certificate_pem = GetTestPki().admin.certificate_pem;
  k.client_key_pem = GetTestPki().admin.private_key_pem;
  auto config = ParseKubeconfig(apiserver::RenderKubeconfig(k));
  ASSERT_TRUE(config.ok());
  TlsTransportOptions options;
  options.config = *config;
  auto transport = NewTlsTransport(options);
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  DynamicClient client(**transport);
  auto created =
      client.Resource(resources::kConfigMaps, "default").Create(ConfigMapJson("default", "x"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(client.Resource(resources::kConfigMaps, "default").Get("x").ok());
}

TEST_F(TlsServerTest, BearerTokenAuthenticates) {
  apiserver::ApiHandlerOptions h;
  auto tokens = apiserver::ParseTokenFile("tok123,robot,uid-1,system:masters\n", "tokens");
  ASSERT_TRUE(tokens.ok());
  h.authenticators.push_back(apiserver::NewTokenAuthenticator(std::move(*tokens)));
  Start(h);
  TlsTransportOptions o;
  o.config.server = Url();
  o.config.ca_pem = GetTestPki().ca_pem;
  o.config.token = "tok123";
  auto transport = NewTlsTransport(o);
  ASSERT_TRUE(transport.ok());
  DynamicClient client(**transport);
  EXPECT_TRUE(client.Resource(resources::kNamespaces).List().ok());

  o.config.token = "wrong";
  auto wrong = NewTlsTransport(o);
  DynamicClient refused(**wrong);
  EXPECT_EQ(refused.Resource(resources::kNamespaces).List().status().code(), Code::kUnauthorized);
}

TEST_F(TlsServerTest, UntrustedServerIsRefused) {
  Start({});
  TlsTransportOptions o;
  o.config.server = Url();
  o.config.ca_pem = GetTestPki().stranger.certificate_pem;  // not the server's CA
  auto transport = NewTlsTransport(o);
  ASSERT_TRUE(transport.ok());
  auto r = (*transport)->RoundTrip(Get("/version"));
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("certificate"), std::string::npos) << r.status().message();

  // The certificate names 127.0.0.1, not this name.
  o.config.ca_pem = GetTestPki().ca_pem;
  o.config.tls_server_name = "not-the-server.example";
  auto misnamed = NewTlsTransport(o);
  EXPECT_EQ((*misnamed)->RoundTrip(Get("/version")).status().code(), Code::kUnavailable);
}

TEST_F(TlsServerTest, RetriesWhenTheServerClosedAnIdleConnection) {
  Start({}, /*idle_timeout=*/200ms);
  int connections = 0;
  TlsTransportOptions o;
  o.config.server = Url();
  o.config.ca_pem = GetTestPki().ca_pem;
  o.on_connect = [&] { ++connections; };
  auto transport = NewTlsTransport(o);
  ASSERT_TRUE(transport.ok());
  ASSERT_TRUE((*transport)->RoundTrip(Get("/healthz")).ok());
  std::this_thread::sleep_for(500ms);  // the server drops the pooled connection
  auto r = (*transport)->RoundTrip(Get("/healthz"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->head.body(), "ok");
  EXPECT_EQ(connections, 2);
}

TEST(TlsTransportOptionsTest, BadSettingsAreInvalid) {
  TlsTransportOptions o;
  o.config.server = "http://127.0.0.1:6443";
  EXPECT_EQ(NewTlsTransport(o).status().code(), Code::kInvalid);
  o.config.server = "https://127.0.0.1:port";
  EXPECT_EQ(NewTlsTransport(o).status().code(), Code::kInvalid);
  o.config.server = "https://127.0.0.1:6443";
  o.config.ca_pem = "not a certificate";
  EXPECT_EQ(NewTlsTransport(o).status().code(), Code::kInvalid);
  o.config.ca_pem = GetTestPki().ca_pem;
  o.config.client_certificate_pem = GetTestPki().admin.certificate_pem;
  o.config.client_key_pem = GetTestPki().stranger.private_key_pem;  // not its key
  EXPECT_EQ(NewTlsTransport(o).status().code(), Code::kInvalid);
  o.config.client_key_pem = GetTestPki().admin.private_key_pem;
  EXPECT_TRUE(NewTlsTransport(o).ok());
  o.config.server = "https://[::1]:6443/some/prefix/";
  EXPECT_TRUE(NewTlsTransport(o).ok());
}

TEST(TlsTransportOptionsTest, UnreachableServerIsUnavailable) {
  TlsTransportOptions o;
  o.config.server = "https://127.0.0.1:1";  // nothing listens on port 1
  o.config.ca_pem = GetTestPki().ca_pem;
  auto transport = NewTlsTransport(o);
  ASSERT_TRUE(transport.ok());
  EXPECT_EQ((*transport)->RoundTrip(Get("/version")).status().code(), Code::kUnavailable);
}

}  // namespace
}  // namespace ekslite::client
