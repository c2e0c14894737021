// TlsConnection: one client connection of the TLS transport. Internal to
// core/client/tls_*.cc.
//
// Each connection owns an io_context that only the thread using the
// connection runs: an operation is started asynchronously (so it can have a
// deadline and be cancelled from another thread) and the calling thread runs
// the context until it completes. A connection is used by one thread at a
// time; the pool hands it out.
#ifndef EKSLITE_CORE_CLIENT_TLS_CONNECTION_H_
#define EKSLITE_CORE_CLIENT_TLS_CONNECTION_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/client/transport.h"
#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::client {

// Where and how to connect.
struct TlsEndpoint {
  std::string host;         // "127.0.0.1", "::1" (no brackets) or a name
  std::string port;         // "6443"
  std::string verify_name;  // the name or address the certificate must carry
};

class TlsConnection {
 public:
  using Deadline = std::chrono::milliseconds;

  // Connects and completes the TLS handshake within `timeout`. kUnavailable
  // (with the reason: refused, certificate not trusted, ...) or kTimeout.
  static StatusOr<std::unique_ptr<TlsConnection>> Open(boost::asio::ssl::context& tls,
                                                       const TlsEndpoint& endpoint,
                                                       Deadline timeout);
  ~TlsConnection();

  // Writes `request` and reads the whole response within `timeout`.
  // `*got_response` tells whether any byte of a response arrived (a failure
  // before that, on a reused connection, means the server had closed it).
  StatusOr<http::HeadResponse> Exchange(const http::Request& request, Deadline timeout,
                                        size_t body_limit, bool* got_response);

  // Writes `request`, reads the response head within `timeout`, and then,
  // for a 2xx, the body as it streams, line by line, until it ends, `on_line`
  // says stop or `cancel` fires. A non-2xx body is read whole into the head.
  StatusOr<http::HeadResponse> Stream(const http::Request& request, Deadline timeout,
                                      size_t error_body_limit, const LineHandler& on_line,
                                      CancelToken* cancel, bool* got_response);

  // Whether the last response allows another request on this connection.
  bool reusable() const { return reusable_; }
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }

 private:
  using StreamParser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;

  TlsConnection(boost::asio::ssl::context& tls, const TlsEndpoint& endpoint);

  // Runs the io_context until the operations started on it have finished.
  void RunPending();
  Status Connect(Deadline timeout);
  Status Write(const http::Request& request, Deadline timeout);
  // Reads the body after the head `parser` has read, passing each piece to
  // `consume` (false: stop), until it ends or `cancelled()`.
  Status ReadBody(StreamParser& parser, const std::function<bool(std::string_view)>& consume,
                  const std::function<bool()>& cancelled);
  Status Failure(const boost::system::error_code& ec, const char* what) const;

  TlsEndpoint endpoint_;
  boost::asio::io_context ioc_;
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
  bool reusable_ = false;
  std::chrono::steady_clock::time_point last_used_;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_TLS_CONNECTION_H_
