#include "tests/apiserver/tls_test_client.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

namespace ekslite::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

TlsTestClient::TlsTestClient(uint16_t port, const TlsClientOptions& options)
    : ctx_(net::ssl::context::tls_client) {
  ctx_.add_certificate_authority(net::buffer(options.ca_pem));
  ctx_.set_verify_mode(net::ssl::verify_peer);
  ctx_.set_verify_callback(net::ssl::host_name_verification("127.0.0.1"));
  if (!options.certificate_pem.empty()) {
    ctx_.use_certificate_chain(net::buffer(options.certificate_pem));
    ctx_.use_private_key(net::buffer(options.private_key_pem), net::ssl::context::pem);
  }
  if (options.max_tls_version != 0) {
    SSL_CTX_set_max_proto_version(ctx_.native_handle(), options.max_tls_version);
    SSL_CTX_set_security_level(ctx_.native_handle(), 0);
  }
  stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, ctx_);
  if (!options.alpn.empty()) {
    std::string wire;
    for (const std::string& p : options.alpn) wire += static_cast<char>(p.size()) + p;
    SSL_set_alpn_protos(stream_->native_handle(),
                        reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned>(wire.size()));
  }
  beast::get_lowest_layer(*stream_).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

void TlsTestClient::Run() {
  ioc_.restart();
  ioc_.run();
}

beast::error_code TlsTestClient::Handshake() {
  beast::error_code result;
  beast::get_lowest_layer(*stream_).expires_after(kTimeout);
  stream_->async_handshake(net::ssl::stream_base::client,
                           [&](beast::error_code ec) { result = ec; });
  Run();
  return result;
}

std::string TlsTestClient::Alpn() {
  const unsigned char* data = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(stream_->native_handle(), &data, &len);
  return std::string(reinterpret_cast<const char*>(data), len);
}

beast::error_code TlsTestClient::WriteRaw(std::string_view bytes) {
  beast::error_code result;
  beast::get_lowest_layer(*stream_).expires_after(kTimeout);
  net::async_write(*stream_, net::buffer(bytes.data(), bytes.size()),
                   [&](beast::error_code ec, size_t) { result = ec; });
  Run();
  return result;
}

beast::error_code TlsTestClient::Send(HttpRequest request) {
  beast::error_code result;
  request.prepare_payload();
  beast::get_lowest_layer(*stream_).expires_after(kTimeout);
  bhttp::async_write(*stream_, request, [&](beast::error_code ec, size_t) { result = ec; });
  Run();
  return result;
}

HttpResponse TlsTestClient::ReadResponse(beast::error_code& ec) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  beast::get_lowest_layer(*stream_).expires_after(kTimeout);
  bhttp::async_read(*stream_, buffer_, parser, [&](beast::error_code e, size_t) { ec = e; });
  Run();
  return parser.release();
}

HttpResponse TlsTestClient::RoundTrip(HttpRequest request) {
  beast::error_code ec = Send(std::move(request));
  EXPECT_FALSE(ec) << "send: " << ec.message();
  HttpResponse response = ReadResponse(ec);
  EXPECT_FALSE(ec) << "read: " << ec.message();
  return response;
}

bool TlsTestClient::ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Bytes the HTTP parser buffered belong to the raw stream too.
  raw_.append(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  buffer_.consume(buffer_.size());
  while (raw_.find(needle) == std::string::npos) {
    char chunk[4096];
    beast::error_code result;
    size_t n = 0;
    beast::get_lowest_layer(*stream_).expires_at(deadline);
    stream_->async_read_some(net::buffer(chunk), [&](beast::error_code ec, size_t bytes) {
      result = ec;
      n = bytes;
    });
    Run();
    raw_.append(chunk, n);
    if (result) return raw_.find(needle) != std::string::npos;
  }
  return true;
}

bool TlsTestClient::WaitForClose(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    char chunk[4096];
    beast::error_code result;
    size_t n = 0;
    beast::get_lowest_layer(*stream_).expires_at(deadline);
    stream_->async_read_some(net::buffer(chunk), [&](beast::error_code ec, size_t bytes) {
      result = ec;
      n = bytes;
    });
    Run();
    raw_.append(chunk, n);
    if (result == beast::error::timeout) return false;
    if (result) return true;
  }
}

void TlsTestClient::Abort() {
  beast::error_code ignored;
  beast::get_lowest_layer(*stream_).socket().shutdown(net::socket_base::shutdown_both, ignored);
  beast::get_lowest_layer(*stream_).close();
}

HttpRequest Get(std::string_view target) {
  HttpRequest request(bhttp::verb::get, target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  return request;
}

}  // namespace ekslite::testing
