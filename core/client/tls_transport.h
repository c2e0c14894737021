// The TLS transport: HTTP/1.1 over TLS 1.2+ (Boost.Beast on OpenSSL) to a
// remote apiserver, configured from a kubeconfig (kubeconfig.h). The server is
// verified against the configured CA (IP addresses against the certificate's
// IP SANs, names against its DNS names); the client authenticates with a
// certificate or a bearer token. Connections are kept alive and pooled;
// a watch holds its own connection while it streams.
#ifndef EKSLITE_CORE_CLIENT_TLS_TRANSPORT_H_
#define EKSLITE_CORE_CLIENT_TLS_TRANSPORT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/client/kubeconfig.h"
#include "core/client/transport.h"
#include "core/status.h"

namespace ekslite::client {

struct TlsTransportOptions {
  ClientConfig config;
  std::string user_agent = "ekslite";
  // Idle connections kept for reuse; more are closed when returned.
  size_t max_idle_connections = 16;
  // A pooled connection unused for this long is closed instead of reused
  // (the ekslite server drops idle connections after 90 s).
  std::chrono::milliseconds idle_connection_timeout{std::chrono::seconds(50)};
  // Resolving, connecting and the TLS handshake, together.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  // Writing a request and reading its whole response (for streams: their
  // head); a stream's body may then run for as long as the server keeps it.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
  // The largest response body RoundTrip accepts (a list of 50,000 pods is
  // about 100 MiB).
  size_t max_response_bytes = size_t{1} << 30;
  // Called after each new connection's handshake (metrics, tests).
  std::function<void()> on_connect;
};

// Builds the transport. kInvalid when the server URL is not https://host[:port]
// [/prefix], or a certificate, key or CA does not parse. Nothing is dialed
// until the first request.
StatusOr<std::unique_ptr<Transport>> NewTlsTransport(const TlsTransportOptions& options);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_TLS_TRANSPORT_H_
