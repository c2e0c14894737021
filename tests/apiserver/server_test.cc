#include "apiserver/server.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "tests/apiserver/server_test_handler.h"
#include "tests/apiserver/test_pki.h"
#include "tests/apiserver/tls_test_client.h"

namespace ekslite::apiserver {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using ekslite::testing::Get;
using ekslite::testing::GetTestPki;
using ekslite::testing::HttpRequest;
using ekslite::testing::TestHandler;
using ekslite::testing::TlsClientOptions;
using ekslite::testing::TlsTestClient;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMiB = 1024 * 1024;
constexpr char kTooLarge[] =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
    R"("message":"the request is too large","reason":"RequestEntityTooLarge","code":413})";

class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->Stop();
  }

  void StartServer(const std::function<void(ServerOptions&)>& tweak = nullptr) {
    ServerOptions options;
    options.port = 0;
    options.certificate_pem = GetTestPki().server.certificate_pem;
    options.private_key_pem = GetTestPki().server.private_key_pem;
    options.client_ca_pem = GetTestPki().ca_pem;
    if (tweak) tweak(options);
    StatusOr<std::unique_ptr<Server>> server = NewServer(options, handler_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    StatusOr<uint16_t> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }

  TlsClientOptions ClientOptions(bool admin_certificate = true) {
    TlsClientOptions options;
    options.ca_pem = GetTestPki().ca_pem;
    if (admin_certificate) {
      options.certificate_pem = GetTestPki().admin.certificate_pem;
      options.private_key_pem = GetTestPki().admin.private_key_pem;
    }
    return options;
  }

  std::unique_ptr<TlsTestClient> Connect(bool admin_certificate = true) {
    auto client = std::make_unique<TlsTestClient>(port_, ClientOptions(admin_certificate));
    beast::error_code ec = client->Handshake();
    EXPECT_FALSE(ec) << ec.message();
    return client;
  }

  TestHandler handler_;  // outlives the server
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, AdminCertificateBecomesPeerUser) {
  StartServer();
  auto client = Connect();
  auto response = client->RoundTrip(Get("/peer"));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "admin|system:masters");
}

TEST_F(ServerTest, NoClientCertificateMeansNoUser) {
  StartServer();
  auto client = Connect(/*admin_certificate=*/false);
  EXPECT_EQ(client->RoundTrip(Get("/peer")).body(), "-");
}

TEST_F(ServerTest, CertificateFromAnotherCaIsRejected) {
  StartServer();
  TlsClientOptions options = ClientOptions(false);
  options.certificate_pem = GetTestPki().stranger.certificate_pem;
  options.private_key_pem = GetTestPki().stranger.private_key_pem;
  TlsTestClient client(port_, options);
  // With TLS 1.3 the client may finish its half of the handshake before the
  // server rejects the certificate; either way no request gets through.
  if (!client.Handshake()) {
    client.Send(Get("/peer"));
    beast::error_code ec;
    client.ReadResponse(ec);
    EXPECT_TRUE(ec);
  }
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(ServerTest, NegotiatesHttp11AndNeverH2) {
  StartServer();
  TlsClientOptions both = ClientOptions();
  both.alpn = {"h2", "http/1.1"};
  TlsTestClient client(port_, both);
  ASSERT_FALSE(client.Handshake());
  EXPECT_EQ(client.Alpn(), "http/1.1");

  TlsClientOptions h2_only = ClientOptions();
  h2_only.alpn = {"h2"};
  TlsTestClient h2_client(port_, h2_only);
  ASSERT_FALSE(h2_client.Handshake());
  EXPECT_EQ(h2_client.Alpn(), "");
  EXPECT_EQ(h2_client.RoundTrip(Get("/")).body(), "ok");
}

TEST_F(ServerTest, RejectsTls11) {
  StartServer();
  TlsClientOptions options = ClientOptions();
  options.max_tls_version = TLS1_1_VERSION;
  TlsTestClient client(port_, options);
  EXPECT_TRUE(client.Handshake());
}

TEST_F(ServerTest, KeepAliveServesSeveralRequests) {
  StartServer();
  auto client = Connect();
  for (int i = 0; i < 3; ++i) {
    auto response = client->RoundTrip(Get("/"));
    EXPECT_EQ(response.body(), "ok");
    EXPECT_TRUE(response.keep_alive());
  }
  EXPECT_EQ(handler_.calls, 3);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  auto client = Connect();
  HttpRequest request = Get("/");
  request.keep_alive(false);
  auto response = client->RoundTrip(request);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client->WaitForClose());
}

TEST_F(ServerTest, BodyAtTheLimitIsServed) {
  StartServer();
  auto client = Connect();
  HttpRequest request(bhttp::verb::post, "/size", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.body() = std::string(3 * kMiB, 'x');
  EXPECT_EQ(client->RoundTrip(request).body(), std::to_string(3 * kMiB));
}

TEST_F(ServerTest, BodyOverTheLimitGets413Status) {
  StartServer();
  auto client = Connect();
  HttpRequest request(bhttp::verb::post, "/size", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.body() = std::string(3 * kMiB + 1, 'x');
  auto response = client->RoundTrip(request);
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response[bhttp::field::content_type], "application/json");
  EXPECT_EQ(response.body(), kTooLarge);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitGets413Status) {
  StartServer();
  auto client = Connect();
  std::string chunk(kMiB, 'y');
  std::string wire = "POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) wire += "100000\r\n" + chunk + "\r\n";
  wire += "0\r\n\r\n";
  ASSERT_FALSE(client->WriteRaw(wire));
  beast::error_code ec;
  auto response = client->ReadResponse(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response.body(), kTooLarge);
}

TEST_F(ServerTest, ExpectContinueGets100BeforeTheBody) {
  StartServer();
  auto client = Connect();
  ASSERT_FALSE(client->WriteRaw(
      "POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(client->ReadUntil("HTTP/1.1 100 Continue\r\n\r\n"));
  ASSERT_FALSE(client->WriteRaw("hello"));
  EXPECT_TRUE(client->ReadUntil("\r\n\r\n5"));
}

TEST_F(ServerTest, OversizedContentLengthIsRefusedBeforeTheBody) {
  StartServer();
  auto client = Connect();
  ASSERT_FALSE(
      client->WriteRaw("PUT /size HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n"
                       "Expect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(client->ReadUntil("\r\n\r\n"));
  EXPECT_EQ(client->raw().rfind("HTTP/1.1 413 ", 0), 0u) << client->raw();
  EXPECT_TRUE(client->ReadUntil(kTooLarge));
}

TEST_F(ServerTest, OversizedHeadersGet431) {
  StartServer([](ServerOptions& o) { o.max_header_bytes = 1024; });
  auto client = Connect();
  HttpRequest request = Get("/");
  request.set("X-Padding", std::string(2048, 'p'));
  auto response = client->RoundTrip(request);
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(ServerTest, GarbageGets400AndClose) {
  StartServer();
  auto client = Connect();
  ASSERT_FALSE(client->WriteRaw(std::string("\x01\x02 not http at all\r\n\r\n", 22)));
  beast::error_code ec;
  auto response = client->ReadResponse(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(response.body().find(R"("reason":"BadRequest")"), std::string::npos);
  EXPECT_TRUE(client->WaitForClose());
  EXPECT_EQ(handler_.calls, 0);
}

// Plain-text bytes where a TLS handshake belongs: the connection is dropped
// and the server carries on.
TEST_F(ServerTest, NonTlsGarbageIsDropped) {
  StartServer();
  for (std::string_view garbage : {std::string_view("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
                                   std::string_view("\x16\x03\x01\x00\x05hello", 10),
                                   std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff", 8)}) {
    net::io_context ioc;
    beast::tcp_stream tcp(ioc);
    tcp.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    net::write(tcp.socket(), net::buffer(garbage.data(), garbage.size()));
    char buf[1024];
    beast::error_code result;
    tcp.expires_after(std::chrono::seconds(5));
    // Read until the server closes; it may first send a TLS alert.
    std::function<void(beast::error_code, size_t)> on_read = [&](beast::error_code ec, size_t) {
      if (ec) {
        result = ec;
        return;
      }
      tcp.async_read_some(net::buffer(buf), on_read);
    };
    tcp.async_read_some(net::buffer(buf), on_read);
    ioc.run();
    EXPECT_NE(result, beast::error::timeout);
  }
  auto client = Connect();
  EXPECT_EQ(client->RoundTrip(Get("/")).body(), "ok");
}

TEST_F(ServerTest, SlowLorisIsCutOffAtTheRequestDeadline) {
  StartServer([](ServerOptions& o) { o.request_timeout = milliseconds(300); });
  auto client = Connect();
  auto start = SteadyClock::now();
  ASSERT_FALSE(client->WriteRaw("GET / HTTP/1.1\r\n"));
  // A header line every 100 ms does not extend the deadline; writing fails
  // soon after the server gives up.
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    if (client->WriteRaw("X-Slow: yes\r\n")) break;
  }
  EXPECT_TRUE(client->WaitForClose(milliseconds(2000)));
  EXPECT_LT(SteadyClock::now() - start, milliseconds(1500));
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(ServerTest, IdleConnectionIsClosed) {
  StartServer([](ServerOptions& o) { o.idle_timeout = milliseconds(200); });
  auto client = Connect();
  EXPECT_EQ(client->RoundTrip(Get("/")).body(), "ok");
  EXPECT_TRUE(client->WaitForClose(milliseconds(3000)));
}

TEST_F(ServerTest, StalledHandshakeIsClosed) {
  StartServer([](ServerOptions& o) { o.handshake_timeout = milliseconds(200); });
  net::io_context ioc;
  beast::tcp_stream tcp(ioc);
  tcp.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  char buf[16];
  beast::error_code result;
  tcp.expires_after(std::chrono::seconds(3));
  tcp.async_read_some(net::buffer(buf), [&](beast::error_code ec, size_t) { result = ec; });
  ioc.run();
  EXPECT_TRUE(result);
  EXPECT_NE(result, beast::error::timeout);
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  StartServer();
  auto client = Connect();
  auto response = client->RoundTrip(Get("/throw"));
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_NE(response.body().find(R"("reason":"InternalError")"), std::string::npos);
  EXPECT_EQ(client->RoundTrip(Get("/")).body(), "ok");
}

TEST_F(ServerTest, NoContentResponseCarriesNoBody) {
  StartServer();
  auto client = Connect();
  auto response = client->RoundTrip(Get("/nocontent"));
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response.body(), "");
  EXPECT_EQ(client->RoundTrip(Get("/")).body(), "ok");
}

TEST_F(ServerTest, StreamIsChunkedAndFlushedPerEvent) {
  StartServer();
  auto client = Connect();
  ASSERT_FALSE(client->Send(Get("/stream")));
  auto stream = handler_.WaitForStream();
  ASSERT_NE(stream, nullptr);
  ASSERT_TRUE(client->ReadUntil("\r\n\r\n"));
  EXPECT_NE(client->raw().find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(client->raw().find("Connection: close"), std::string::npos);
  stream->Push("{\"type\":\"ADDED\"}\n");
  EXPECT_TRUE(client->ReadUntil("11\r\n{\"type\":\"ADDED\"}\n\r\n"));
  stream->Push("{\"n\":2}\n");
  EXPECT_TRUE(client->ReadUntil("8\r\n{\"n\":2}\n\r\n"));
  stream->End();
  EXPECT_TRUE(client->ReadUntil("\r\n0\r\n\r\n"));
  EXPECT_TRUE(client->WaitForClose());
  EXPECT_TRUE(stream->WaitClosed(milliseconds(2000)));
  EXPECT_EQ(stream->close_calls(), 1);
}

TEST_F(ServerTest, StreamIsClosedWhenTheClientLeaves) {
  StartServer();
  auto client = Connect();
  ASSERT_FALSE(client->Send(Get("/stream")));
  auto stream = handler_.WaitForStream();
  ASSERT_NE(stream, nullptr);
  ASSERT_TRUE(client->ReadUntil("\r\n\r\n"));
  client->Abort();
  EXPECT_TRUE(stream->WaitClosed(milliseconds(3000)));
  EXPECT_EQ(stream->close_calls(), 1);
}

TEST_F(ServerTest, StopWithOpenStreamsReturnsPromptly) {
  StartServer();
  auto first = Connect();
  auto second = Connect();
  auto idle = Connect();
  EXPECT_EQ(idle->RoundTrip(Get("/")).body(), "ok");
  ASSERT_FALSE(first->Send(Get("/stream")));
  ASSERT_FALSE(second->Send(Get("/stream")));
  auto s1 = handler_.WaitForStream(0);
  auto s2 = handler_.WaitForStream(1);
  ASSERT_TRUE(s1 && s2);
  ASSERT_TRUE(first->ReadUntil("\r\n\r\n"));
  ASSERT_TRUE(second->ReadUntil("\r\n\r\n"));
  auto start = SteadyClock::now();
  server_->Stop();
  EXPECT_LT(SteadyClock::now() - start, milliseconds(1000));
  EXPECT_EQ(s1->close_calls(), 1);
  EXPECT_EQ(s2->close_calls(), 1);
  // The streams were ended properly, with the final chunk.
  EXPECT_TRUE(first->ReadUntil("0\r\n\r\n"));
  EXPECT_TRUE(second->ReadUntil("0\r\n\r\n"));
  EXPECT_TRUE(idle->WaitForClose());
}

TEST_F(ServerTest, SixtyFourClientsAreServedConcurrently) {
  constexpr int kClients = 64;
  StartServer();
  handler_.block_until = kClients;
  std::vector<std::string> bodies(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      TlsTestClient client(port_, ClientOptions());
      if (client.Handshake()) return;
      bodies[i] = client.RoundTrip(Get("/block")).body();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& body : bodies) EXPECT_EQ(body, "all");
}

TEST_F(ServerTest, SecondServerOnTheSamePortFailsToStart) {
  StartServer();
  ServerOptions options;
  options.port = port_;
  options.certificate_pem = GetTestPki().server.certificate_pem;
  options.private_key_pem = GetTestPki().server.private_key_pem;
  auto other = NewServer(options, handler_);
  ASSERT_TRUE(other.ok());
  StatusOr<uint16_t> port = (*other)->Start();
  EXPECT_EQ(port.status().code(), Code::kUnavailable);
}

TEST(ServerOptionsTest, BadKeyIsRejectedByTheFactory) {
  TestHandler handler;
  ServerOptions options;
  options.certificate_pem = GetTestPki().server.certificate_pem;
  options.private_key_pem = GetTestPki().admin.private_key_pem;  // not the server's key
  EXPECT_EQ(NewServer(options, handler).status().code(), Code::kInvalid);
  options.private_key_pem = "not a key";
  EXPECT_EQ(NewServer(options, handler).status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace ekslite::apiserver
