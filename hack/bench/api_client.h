// ApiClient: a blocking HTTPS/1.1 client for the apiserver benchmark (Boost.Beast
// over OpenSSL): one keep-alive connection, authenticated with a client
// certificate, the server verified against the cluster CA. Not for production
// use: no redirects, no retries, no proxy.
#ifndef EKSLITE_HACK_BENCH_API_CLIENT_H_
#define EKSLITE_HACK_BENCH_API_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::bench {

// Where the server is and who we are.
struct ApiEndpoint {
  std::string host = "127.0.0.1";  // an IP literal; also the name checked in the certificate
  int port = 6443;
  // PEM files; "" for a client without a certificate (health checks only).
  std::string ca_file;           // the cluster CA (DIR/pki/ca.crt)
  std::string certificate_file;  // DIR/pki/admin.crt
  std::string key_file;          // DIR/pki/admin.key
};

// The endpoint for a server whose data directory is `data_dir` at `url`
// ("https://127.0.0.1:6443"): the admin identity from DIR/pki. kInvalid when
// the URL is not https://IP:PORT.
StatusOr<ApiEndpoint> EndpointFor(const std::string& url, const std::string& data_dir);

struct Reply {
  int status = 0;
  std::string body;
};

class ApiClient {
 public:
  // Connects and completes the TLS handshake. kUnavailable when the server
  // does not accept the connection or the handshake fails.
  static StatusOr<std::unique_ptr<ApiClient>> Connect(const ApiEndpoint& endpoint);

  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // Sends one request on the connection and reads the whole response; a
  // body is sent with `content_type`. A non-2xx answer is a Reply, not an
  // error; kUnavailable when the connection fails (the client is then
  // unusable).
  StatusOr<Reply> Send(std::string_view method, std::string_view target, std::string_view body = {},
                       std::string_view content_type = "application/json");

  // Sends a GET whose answer is a chunked stream (a watch) and calls `on_line`
  // with each newline-terminated line of it and the time its last byte was
  // read, until `on_line` returns false or the stream ends. kUnavailable when
  // the connection fails; kInternal for a non-200 answer. When `on_line` stops
  // the stream early, the connection cannot be used again. `on_open`, when
  // set, is called once the 200 header has been read.
  // Asks for gzip-compressed responses from now on (as Go clients do); the
  // Reply body is then what came over the wire.
  void AcceptGzip(bool on);

  using LineFn =
      std::function<bool(std::string_view line, std::chrono::steady_clock::time_point received)>;
  Status Stream(std::string_view target, const LineFn& on_line,
                const std::function<void()>& on_open = {});

 private:
  struct Impl;
  explicit ApiClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `s` percent-encoded for a query parameter value.
std::string QueryEscape(std::string_view s);

// The string value of the first `"field":"..."` in `json`'s first `window`
// bytes, or "" (enough for metadata fields written before an item list).
std::string ScanString(std::string_view json, std::string_view field, size_t window = 4096);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_API_CLIENT_H_
