#include "apiserver/server_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <exception>
#include <utility>

#include "apiserver/server_tls.h"
#include "core/json.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

using Clock = std::chrono::steady_clock;

// A TLS close_notify exchange gets this long before the socket is closed.
constexpr std::chrono::seconds kCloseTimeout{2};
// After answering a request the server did not read to its end (413, 400), it
// keeps reading and discarding for this long or this many bytes, so that the
// client reads the answer instead of a connection reset.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr size_t kLingerBytes = 4 * 1024 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Errors that are a normal end of a connection, not worth more than debug.
bool IsQuiet(beast::error_code ec) {
  return ec == net::error::eof || ec == net::error::operation_aborted ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == beast::error::timeout || ec == net::ssl::error::stream_truncated ||
         ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message;
}

// A metav1.Status body, for the answers the server gives itself.
std::string StatusJson(int code, std::string_view reason, std::string_view message) {
  std::string out =
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":)";
  AppendJsonString(message, &out);
  if (!reason.empty()) {
    out += R"(,"reason":)";
    AppendJsonString(reason, &out);
  }
  out += R"(,"code":)" + std::to_string(code) + "}";
  return out;
}

// Handler::Serve promises not to throw; this is the last line if it does.
http::Response Serve(Handler& handler, http::Request request, const Peer& peer) {
  std::string what;
  try {
    return handler.Serve(std::move(request), peer);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  Logger("apiserver")->error("handler threw: {}", what);
  http::Response response;
  response.head.result(bhttp::status::internal_server_error);
  response.head.set(bhttp::field::content_type, "application/json");
  response.head.body() = StatusJson(500, "InternalError", "internal error: " + what);
  return response;
}

std::string RemoteAddress(net::ip::tcp::socket& socket) {
  beast::error_code ec;
  net::ip::tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return "";
  std::string address = ep.address().to_string();
  if (ep.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(ep.port());
}

}  // namespace

//------------------------------------------------------------------------------
// SessionRegistry

void SessionRegistry::Add(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[session.get()] = session;
}

void SessionRegistry::Remove(Session* session) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(session);
  if (sessions_.empty()) cv_.notify_all();
}

std::vector<std::shared_ptr<Session>> SessionRegistry::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<Session>> live;
  for (auto& [ptr, weak] : sessions_) {
    if (std::shared_ptr<Session> s = weak.lock()) live.push_back(std::move(s));
  }
  return live;
}

bool SessionRegistry::WaitUntilEmpty(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

//------------------------------------------------------------------------------
// Session: setup and teardown

Session::Session(net::ip::tcp::socket socket, SessionContext& context)
    : context_(context), remote_(RemoteAddress(socket)), stream_(std::move(socket), context.tls) {
  peer_.remote_address = remote_;
}

Session::~Session() {
  CloseStream();
  context_.registry.Remove(this);
}

void Session::Run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::DoHandshake, shared_from_this()));
}

void Session::Shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    switch (self->phase_) {
      case Phase::kHandshake:
      case Phase::kIdle:
      case Phase::kReading:
      case Phase::kClosing:
        self->CloseSocket();
        break;
      case Phase::kServing:
      case Phase::kWriting:
        break;  // the answer is written, then the connection closes
      case Phase::kStreaming:
        self->CloseStream();
        self->DoPullStream();  // writes the final chunk
        break;
    }
  });
}

void Session::ForceClose() {
  CloseStream();
  CloseSocket();
}

void Session::CloseStream() {
  body_ended_ = true;
  if (body_ == nullptr) return;
  body_->Close();
  body_.reset();
}

void Session::CloseSocket() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).socket().shutdown(net::socket_base::shutdown_both, ignored);
  beast::get_lowest_layer(stream_).close();
}

void Session::Fail(ErrorCode ec, const char* what) {
  if (IsQuiet(ec)) {
    Logger("apiserver")->debug("connection {}: {}: {}", remote_, what, ec.message());
  } else {
    Logger("apiserver")->info("connection {}: {}: {}", remote_, what, ec.message());
  }
  CloseStream();
  CloseSocket();
}

//------------------------------------------------------------------------------
// Reading a request

void Session::DoHandshake() {
  beast::get_lowest_layer(stream_).expires_after(context_.options.handshake_timeout);
  stream_.async_handshake(net::ssl::stream_base::server,
                          beast::bind_front_handler(&Session::OnHandshake, shared_from_this()));
}

void Session::OnHandshake(ErrorCode ec) {
  if (ec) return Fail(ec, "TLS handshake");
  peer_.certificate_user = VerifiedCertificateUser(stream_.native_handle());
  DoWaitForRequest();
}

void Session::DoWaitForRequest() {
  phase_ = Phase::kIdle;
  if (stopping_) return DoClose();
  if (buffer_.size() > 0) return DoReadHeader();
  beast::get_lowest_layer(stream_).expires_after(context_.options.idle_timeout);
  stream_.async_read_some(
      buffer_.prepare(4096),
      beast::bind_front_handler(&Session::OnWaitForRequest, shared_from_this()));
}

void Session::OnWaitForRequest(ErrorCode ec, size_t bytes) {
  if (ec) return Fail(ec, "waiting for a request");
  buffer_.commit(bytes);
  DoReadHeader();
}

void Session::DoReadHeader() {
  phase_ = Phase::kReading;
  parser_.emplace();
  parser_->header_limit(context_.options.max_header_bytes);
  parser_->body_limit(context_.options.max_body_bytes);
  // One deadline for the whole request, headers and body.
  deadline_ = Clock::now() + context_.options.request_timeout;
  beast::get_lowest_layer(stream_).expires_at(deadline_);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::OnReadHeader, shared_from_this()));
}

void Session::OnReadHeader(ErrorCode ec, size_t) {
  if (ec && ReplyToParseError(ec)) return;
  if (ec) return Fail(ec, "reading a request header");
  if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
    return DoWriteContinue();
  }
  DoReadBody();
}

void Session::DoWriteContinue() {
  beast::get_lowest_layer(stream_).expires_at(deadline_);
  net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                   beast::bind_front_handler(&Session::OnWriteContinue, shared_from_this()));
}

void Session::OnWriteContinue(ErrorCode ec, size_t) {
  if (ec) return Fail(ec, "writing 100 Continue");
  DoReadBody();
}

void Session::DoReadBody() {
  if (parser_->is_done()) return Dispatch();
  beast::get_lowest_layer(stream_).expires_at(deadline_);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Session::OnReadBody, shared_from_this()));
}

void Session::OnReadBody(ErrorCode ec, size_t) {
  if (ec && ReplyToParseError(ec)) return;
  if (ec) return Fail(ec, "reading a request body");
  Dispatch();
}

bool Session::ReplyToParseError(ErrorCode ec) {
  if (ec == bhttp::error::body_limit) {
    ReplyError(413, "RequestEntityTooLarge", "the request is too large");
  } else if (ec == bhttp::error::header_limit) {
    ReplyError(431, "", "the request header fields are too large");
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    ReplyError(400, "BadRequest", "malformed HTTP request: " + ec.message());
  } else {
    return false;
  }
  linger_ = true;
  return true;
}

//------------------------------------------------------------------------------
// Serving and writing a response

void Session::Dispatch() {
  phase_ = Phase::kServing;
  beast::get_lowest_layer(stream_).expires_never();
  http::Request request = parser_->release();
  parser_.reset();
  method_ = std::string(request.method_string());
  target_ = std::string(request.target());
  keep_alive_ = request.keep_alive();
  request_version_ = request.version();
  started_ = Clock::now();
  auto self = shared_from_this();
  bool queued = context_.pool.Submit([self, request = std::move(request)]() mutable {
    http::Response response = Serve(self->context_.handler, std::move(request), self->peer_);
    net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->OnServed(std::move(response));
    });
  });
  if (!queued) ReplyError(503, "ServiceUnavailable", "the server is shutting down");
}

void Session::OnServed(http::Response response) {
  if (closed_) {
    if (response.stream) response.stream->Close();
    return;
  }
  LogRequest(response.head.result_int());
  if (response.stream) {
    body_ = std::move(response.stream);
    body_ended_ = false;
    if (stopping_) CloseStream();  // the head and the final chunk only
    stream_head_ =
        std::make_unique<bhttp::response<bhttp::empty_body>>(std::move(response.head.base()));
    return DoWriteStreamHead();
  }
  response_ = std::make_unique<http::HeadResponse>(std::move(response.head));
  response_->version(request_version_);
  response_->keep_alive(keep_alive_ && !stopping_);
  int code = response_->result_int();
  if (code < 200 || code == 204 || code == 304) response_->body().clear();  // have no body
  response_->prepare_payload();
  if (method_ == "HEAD") {
    // The length of what GET would send, and no body.
    size_t length = response_->body().size();
    response_->body().clear();
    response_->content_length(length);
  }
  DoWrite();
}

void Session::ReplyError(int code, std::string_view reason, std::string_view message) {
  Logger("apiserver")->debug("connection {}: answering {}: {}", remote_, code, message);
  response_ = std::make_unique<http::HeadResponse>(static_cast<bhttp::status>(code), 11);
  response_->set(bhttp::field::content_type, "application/json");
  response_->body() = StatusJson(code, reason, message);
  response_->keep_alive(false);
  response_->prepare_payload();
  DoWrite();
}

void Session::DoWrite() {
  phase_ = Phase::kWriting;
  beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
  bhttp::async_write(stream_, *response_,
                     beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
}

void Session::OnWrite(ErrorCode ec, size_t) {
  if (ec) return Fail(ec, "writing a response");
  bool keep_alive = response_->keep_alive();
  response_.reset();
  if (linger_) return DoLinger();
  if (!keep_alive || stopping_) return DoClose();
  DoWaitForRequest();
}

void Session::LogRequest(int status) {
  auto logger = Logger("apiserver");
  if (!logger->should_log(spdlog::level::debug)) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
  logger->debug("{} {} {} {:.3f}ms user={} remote={}", method_, target_, status,
                static_cast<double>(us.count()) / 1000.0,
                peer_.certificate_user ? peer_.certificate_user->name : "-", remote_);
}

//------------------------------------------------------------------------------
// Closing

void Session::DoLinger() {
  if (phase_ != Phase::kClosing) {
    phase_ = Phase::kClosing;
    deadline_ = Clock::now() + kLingerTimeout;
    discarded_ = 0;
  }
  if (stopping_) return CloseSocket();
  buffer_.consume(buffer_.size());
  beast::get_lowest_layer(stream_).expires_at(deadline_);
  stream_.async_read_some(buffer_.prepare(16384),
                          beast::bind_front_handler(&Session::OnLinger, shared_from_this()));
}

void Session::OnLinger(ErrorCode ec, size_t bytes) {
  discarded_ += bytes;
  if (ec || discarded_ > kLingerBytes) return CloseSocket();
  DoLinger();
}

void Session::DoClose() {
  phase_ = Phase::kClosing;
  if (stopping_) return CloseSocket();
  beast::get_lowest_layer(stream_).expires_after(kCloseTimeout);
  stream_.async_shutdown(beast::bind_front_handler(&Session::OnClose, shared_from_this()));
}

void Session::OnClose(ErrorCode) { CloseSocket(); }

}  // namespace ekslite::apiserver
