// A small blocking HTTPS client for the server tests: every operation has a
// timeout, so a server bug fails a test instead of hanging it.
#ifndef EKSLITE_TESTS_APISERVER_TLS_TEST_CLIENT_H_
#define EKSLITE_TESTS_APISERVER_TLS_TEST_CLIENT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ekslite::testing {

struct TlsClientOptions {
  std::string ca_pem;           // verifies the server (and its 127.0.0.1 SAN)
  std::string certificate_pem;  // optional client certificate
  std::string private_key_pem;
  std::vector<std::string> alpn;  // protocols to offer, e.g. {"h2", "http/1.1"}
  int max_tls_version = 0;        // e.g. TLS1_1_VERSION; 0 = library default
};

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

class TlsTestClient {
 public:
  static constexpr std::chrono::milliseconds kTimeout{5000};

  // Connects to 127.0.0.1:`port` (TCP only; call Handshake next).
  TlsTestClient(uint16_t port, const TlsClientOptions& options);

  // The TLS handshake; the error (e.g. a rejected certificate), or success.
  boost::beast::error_code Handshake();
  // The protocol ALPN settled on, "" for none.
  std::string Alpn();

  boost::beast::error_code WriteRaw(std::string_view bytes);
  boost::beast::error_code Send(HttpRequest request);
  // Reads one response; `ec` is set on failure.
  HttpResponse ReadResponse(boost::beast::error_code& ec);
  // Send + ReadResponse, failing the test on errors.
  HttpResponse RoundTrip(HttpRequest request);

  // Reads raw bytes until `needle` has arrived (true) or the connection ends
  // or `timeout` passes (false). Everything read is in raw().
  bool ReadUntil(std::string_view needle, std::chrono::milliseconds timeout = kTimeout);
  // Reads (and keeps in raw()) until the server closes the connection (true)
  // or `timeout` passes (false; the connection is then closed too).
  bool WaitForClose(std::chrono::milliseconds timeout = kTimeout);
  const std::string& raw() const { return raw_; }

  // Closes the TCP connection without a TLS goodbye.
  void Abort();

 private:
  // Runs the operations started on the io_context until they finish.
  void Run();

  boost::asio::io_context ioc_;
  boost::asio::ssl::context ctx_;
  std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
  std::string raw_;
};

// A GET request for `target` with a Host header.
HttpRequest Get(std::string_view target);

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_APISERVER_TLS_TEST_CLIENT_H_
