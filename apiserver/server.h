// Server: the apiserver's HTTPS endpoint. HTTP/1.1 over TLS 1.2+ only (ALPN
// never offers h2), keep-alive, no pipelining. Each request is read on an I/O
// thread, served by Handler::Serve on a worker thread (it may block on a
// storage commit), and written back on the connection's strand; a response
// with a BodyStream is written chunked, one chunk per Read, until the stream
// ends, the client goes away or the server stops (the stream is then Closed).
//
// Client certificates are requested but optional; one that verifies against
// `client_ca_pem` becomes Peer::certificate_user (user = CN, groups = every
// O). A certificate that does not verify fails the handshake.
//
// The server answers some requests itself, without calling the handler: a
// body over `max_body_bytes` gets 413 with a metav1.Status (reason
// RequestEntityTooLarge), headers over `max_header_bytes` get 431, and
// anything that is not HTTP/1.x gets 400; the connection is then closed.
#ifndef EKSLITE_APISERVER_SERVER_H_
#define EKSLITE_APISERVER_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "apiserver/handler.h"
#include "core/status.h"

namespace ekslite::apiserver {

struct ServerOptions {
  // An IP address literal: "127.0.0.1", "0.0.0.0", "::1", "::".
  std::string address = "127.0.0.1";
  // 0 picks a free port; Start() returns the one bound.
  uint16_t port = 6443;

  // Threads running the sockets (TLS, parsing, writing): few are needed.
  int io_threads = 2;
  // The most threads calling Handler::Serve at once. Threads are started on
  // demand, so an idle server holds only as many as it ever needed at once.
  // Watches do not hold a worker while they stream.
  int worker_threads = 128;

  size_t max_body_bytes = 3 * 1024 * 1024;
  uint32_t max_header_bytes = 1024 * 1024;

  // The TLS handshake must finish within this.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
  // A request must be read whole (headers and body) within this, counted from
  // its first byte; guards against slow-loris clients.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
  // A keep-alive connection with no request in progress is closed after this.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(90)};
  // Each write (a whole response, a stream's header, or one chunk) must finish
  // within this. A stream may stay open indefinitely between chunks.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  // How long Stop() waits for requests already being served to be answered.
  std::chrono::milliseconds shutdown_timeout{std::chrono::seconds(5)};

  // The serving certificate (optionally followed by its chain) and key, PEM.
  std::string certificate_pem;
  std::string private_key_pem;
  // CAs that client certificates are verified against, PEM; "" = do not ask
  // for client certificates.
  std::string client_ca_pem;
};

class Server {
 public:
  // Stops the server if it is running.
  virtual ~Server() = default;

  // Binds, listens and starts the I/O threads. Returns the bound port.
  // kUnavailable when the address cannot be bound ("address already in use").
  // Call at most once.
  virtual StatusOr<uint16_t> Start() = 0;

  // Stops accepting, ends open streams (Close, then the final chunk), lets
  // requests being served finish for up to `shutdown_timeout`, closes every
  // connection and joins all threads. Idempotent; the server cannot be
  // restarted. Must not be called from a handler.
  virtual void Stop() = 0;
};

// Builds a server that answers with `handler` (which must outlive it).
// kInvalid when the certificate, key or CA does not parse or the key does not
// match the certificate, or when a limit or thread count is not positive.
StatusOr<std::unique_ptr<Server>> NewServer(const ServerOptions& options, Handler& handler);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_SERVER_H_
