#include "core/client/tls_connection.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>

#include "core/client/cancel_token.h"
#include "core/client/line_splitter.h"

namespace ekslite::client {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using ErrorCode = boost::system::error_code;

constexpr unsigned char kAlpn[] = "\x08http/1.1";
constexpr size_t kReadChunk = 64 * 1024;

bool IsSuccess(unsigned code) { return code >= 200 && code < 300; }

}  // namespace

TlsConnection::TlsConnection(net::ssl::context& tls, const TlsEndpoint& endpoint)
    : endpoint_(endpoint), stream_(ioc_, tls) {}

TlsConnection::~TlsConnection() = default;

StatusOr<std::unique_ptr<TlsConnection>> TlsConnection::Open(net::ssl::context& tls,
                                                             const TlsEndpoint& endpoint,
                                                             Deadline timeout) {
  std::unique_ptr<TlsConnection> c(new TlsConnection(tls, endpoint));
  EKS_RETURN_IF_ERROR(c->Connect(timeout));
  return c;
}

void TlsConnection::RunPending() {
  ioc_.restart();
  ioc_.run();
}

Status TlsConnection::Failure(const ErrorCode& ec, const char* what) const {
  std::string where = endpoint_.host + ":" + endpoint_.port;
  if (ec == beast::error::timeout) {
    return Status::Timeout(std::string(what) + " " + where + ": timed out");
  }
  return Status::Unavailable(std::string(what) + " " + where + ": " + ec.message());
}

Status TlsConnection::Connect(Deadline timeout) {
  ErrorCode ec;
  tcp::resolver resolver(ioc_);
  tcp::resolver::results_type addresses;
  resolver.async_resolve(endpoint_.host, endpoint_.port,
                         [&](const ErrorCode& e, tcp::resolver::results_type r) {
                           ec = e;
                           addresses = std::move(r);
                         });
  RunPending();
  if (ec) return Failure(ec, "resolving");

  auto& socket = beast::get_lowest_layer(stream_);
  socket.expires_after(timeout);  // covers the handshake too
  socket.async_connect(addresses, [&](const ErrorCode& e, const tcp::endpoint&) { ec = e; });
  RunPending();
  if (ec) return Failure(ec, "connecting to");

  SSL* ssl = stream_.native_handle();
  const std::string& name = endpoint_.verify_name;
  ErrorCode not_an_address;
  net::ip::make_address(name, not_an_address);
  if (not_an_address) {
    SSL_set_tlsext_host_name(ssl, name.c_str());  // SNI is for names only
    SSL_set1_host(ssl, name.c_str());
  } else {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
  }
  SSL_set_alpn_protos(ssl, kAlpn, sizeof kAlpn - 1);
  stream_.async_handshake(net::ssl::stream_base::client, [&](const ErrorCode& e) { ec = e; });
  RunPending();
  if (ec) return Failure(ec, "TLS handshake with");
  socket.expires_never();
  last_used_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

Status TlsConnection::Write(const http::Request& request, Deadline timeout) {
  ErrorCode ec;
  beast::get_lowest_layer(stream_).expires_after(timeout);
  bhttp::async_write(stream_, request, [&](const ErrorCode& e, size_t) { ec = e; });
  RunPending();
  if (ec) return Failure(ec, "sending a request to");
  return Status::Ok();
}

StatusOr<http::HeadResponse> TlsConnection::Exchange(const http::Request& request, Deadline timeout,
                                                     size_t body_limit, bool* got_response) {
  *got_response = false;
  reusable_ = false;
  EKS_RETURN_IF_ERROR(Write(request, timeout));  // the deadline covers the read too
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(body_limit);
  if (request.method() == http::Verb::head) parser.skip(true);
  ErrorCode ec;
  bhttp::async_read(stream_, buffer_, parser, [&](const ErrorCode& e, size_t) { ec = e; });
  RunPending();
  *got_response = parser.got_some();
  if (ec) return Failure(ec, "reading a response from");
  beast::get_lowest_layer(stream_).expires_never();
  http::HeadResponse response = parser.release();
  reusable_ = response.keep_alive();
  last_used_ = std::chrono::steady_clock::now();
  return response;
}

StatusOr<http::HeadResponse> TlsConnection::Stream(const http::Request& request, Deadline timeout,
                                                   size_t error_body_limit,
                                                   const LineHandler& on_line, CancelToken* cancel,
                                                   bool* got_response) {
  *got_response = false;
  reusable_ = false;  // a stream is the connection's last response
  // Cancellation interrupts whatever read is pending, from any thread.
  CancelRegistration on_cancel(
      cancel, [this] { net::post(ioc_, [this] { beast::get_lowest_layer(stream_).cancel(); }); });
  auto cancelled = [cancel] { return cancel != nullptr && cancel->cancelled(); };
  if (cancelled()) return Status::Unavailable("cancelled before the request was sent");
  EKS_RETURN_IF_ERROR(Write(request, timeout));

  StreamParser parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  ErrorCode ec;
  bhttp::async_read_header(stream_, buffer_, parser, [&](const ErrorCode& e, size_t) { ec = e; });
  RunPending();
  *got_response = parser.got_some();
  if (ec == net::error::operation_aborted && cancelled()) {
    return Status::Unavailable("cancelled before the response arrived");
  }
  if (ec) return Failure(ec, "reading a response from");

  http::HeadResponse head;
  head.version(parser.get().version());
  head.result(parser.get().result_int());
  for (const auto& field : parser.get()) head.insert(field.name_string(), field.value());
  if (!IsSuccess(head.result_int())) {
    // An error body is short: read it whole, within the request's deadline.
    std::string body;
    EKS_RETURN_IF_ERROR(ReadBody(
        parser,
        [&](std::string_view got) {
          body.append(got.substr(0, error_body_limit - std::min(error_body_limit, body.size())));
          return true;
        },
        cancelled));
    head.body() = std::move(body);
    return head;
  }
  // A watch may be quiet for minutes: no deadline while it streams.
  beast::get_lowest_layer(stream_).expires_never();
  LineSplitter lines;
  bool keep_going = true;
  EKS_RETURN_IF_ERROR(ReadBody(
      parser, [&](std::string_view got) { return keep_going = lines.Feed(got, on_line); },
      cancelled));
  if (keep_going && parser.is_done()) lines.Finish(on_line);
  return head;
}

Status TlsConnection::ReadBody(StreamParser& parser,
                               const std::function<bool(std::string_view)>& consume,
                               const std::function<bool()>& cancelled) {
  std::unique_ptr<char[]> chunk(new char[kReadChunk]);
  ErrorCode ec;
  while (!parser.is_done() && !cancelled()) {
    parser.get().body().data = chunk.get();
    parser.get().body().size = kReadChunk;
    bhttp::async_read_some(stream_, buffer_, parser, [&](const ErrorCode& e, size_t) { ec = e; });
    RunPending();
    if (ec == bhttp::error::need_buffer) ec = {};  // the chunk is full
    std::string_view got(chunk.get(), kReadChunk - parser.get().body().size);
    if (!got.empty() && !consume(got)) return Status::Ok();
    if (ec == net::error::operation_aborted && cancelled()) return Status::Ok();
    if (ec) return Failure(ec, "reading a stream from");
  }
  return Status::Ok();
}

}  // namespace ekslite::client
