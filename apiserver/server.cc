#include "apiserver/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "apiserver/server_session.h"
#include "apiserver/server_tls.h"
#include "apiserver/server_worker_pool.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// After a failed accept (out of file descriptors, say) the listener pauses
// this long instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

//------------------------------------------------------------------------------
// Listener: accepts connections, each on a strand of its own, and starts a
// Session for each.

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::acceptor acceptor, SessionContext& context)
      : ioc_(ioc),
        acceptor_(std::move(acceptor)),
        retry_timer_(acceptor_.get_executor()),
        context_(context) {}

  void Run() {
    net::dispatch(acceptor_.get_executor(),
                  beast::bind_front_handler(&Listener::DoAccept, shared_from_this()));
  }

  // Closes the acceptor; the future is ready once no further session can
  // start.
  std::future<void> Stop() {
    auto done = std::make_shared<std::promise<void>>();
    net::post(acceptor_.get_executor(), [self = shared_from_this(), done] {
      self->stopped_ = true;
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->retry_timer_.cancel();
      done->set_value();
    });
    return done->get_future();
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (stopped_) return;
    if (ec) {
      Logger("apiserver")->warn("accept: {}", ec.message());
      retry_timer_.expires_after(kAcceptRetryDelay);
      retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec && !self->stopped_) self->DoAccept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // watch events are small
    auto session = std::make_shared<Session>(std::move(socket), context_);
    context_.registry.Add(session);
    session->Run();
    DoAccept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  SessionContext& context_;
  bool stopped_ = false;  // on the acceptor's strand
};

//------------------------------------------------------------------------------
// ServerImpl: owns the io_context, its threads, the worker pool and the
// listener.

class ServerImpl : public Server {
 public:
  ServerImpl(const ServerOptions& options, Handler& handler, std::unique_ptr<net::ssl::context> tls)
      : options_(options),
        pool_(options.worker_threads),
        tls_(std::move(tls)),
        context_{options_, handler, pool_, registry_, *tls_},
        ioc_(options.io_threads) {}

  ~ServerImpl() override { Stop(); }

  StatusOr<uint16_t> Start() override;
  void Stop() override;

 private:
  StatusOr<tcp::acceptor> Bind();
  void RunIo();

  const ServerOptions options_;
  SessionRegistry registry_;
  WorkerPool pool_;
  std::unique_ptr<net::ssl::context> tls_;
  SessionContext context_;
  // Destroyed before the members above: pending handlers own sessions, and
  // sessions use the context.
  net::io_context ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> io_threads_;
  std::mutex mu_;
  bool started_ = false;  // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
};

StatusOr<tcp::acceptor> ServerImpl::Bind() {
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(options_.address, ec);
  if (ec) return Status(Code::kInvalid, "listen address \"" + options_.address + "\": not an IP");
  tcp::endpoint endpoint(address, options_.port);
  std::string where = options_.address + ":" + std::to_string(options_.port);
  tcp::acceptor acceptor(net::make_strand(ioc_));
  if (acceptor.open(endpoint.protocol(), ec); !ec) {
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status(Code::kUnavailable, "listen on " + where + ": " + ec.message());
  return acceptor;
}

StatusOr<uint16_t> ServerImpl::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return Status(Code::kInternal, "Server::Start called twice");
    started_ = true;
  }
  EKS_ASSIGN_OR_RETURN(tcp::acceptor acceptor, Bind());
  beast::error_code ec;
  uint16_t port = acceptor.local_endpoint(ec).port();
  listener_ = std::make_shared<Listener>(ioc_, std::move(acceptor), context_);
  listener_->Run();
  work_.emplace(ioc_.get_executor());
  for (int i = 0; i < options_.io_threads; ++i) io_threads_.emplace_back([this] { RunIo(); });
  Logger("apiserver")->debug("listening on {} port {}", options_.address, port);
  return port;
}

void ServerImpl::RunIo() {
  while (true) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      Logger("apiserver")->error("I/O thread: {}", e.what());
    }
  }
}

void ServerImpl::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    if (!started_) return;
  }
  auto deadline = std::chrono::steady_clock::now() + options_.shutdown_timeout;
  if (listener_) listener_->Stop().wait_until(deadline);
  for (const std::shared_ptr<Session>& session : registry_.Snapshot()) session->Shutdown();
  if (!registry_.WaitUntilEmpty(deadline)) {
    Logger("apiserver")
        ->warn("stopping with connections still open after {}ms",
               options_.shutdown_timeout.count());
  }
  pool_.Stop();
  work_.reset();
  ioc_.stop();
  for (std::thread& t : io_threads_) t.join();
  io_threads_.clear();
  // No I/O thread runs now: whatever is left is closed from here, so every
  // stream is Closed before the io_context (and its pending handlers) goes.
  for (const std::shared_ptr<Session>& session : registry_.Snapshot()) session->ForceClose();
}

Status ValidateOptions(const ServerOptions& o) {
  if (o.io_threads <= 0 || o.worker_threads <= 0) {
    return Status(Code::kInvalid, "server thread counts must be positive");
  }
  if (o.max_body_bytes == 0 || o.max_header_bytes == 0) {
    return Status(Code::kInvalid, "server size limits must be positive");
  }
  for (auto t : {o.handshake_timeout, o.request_timeout, o.idle_timeout, o.write_timeout}) {
    if (t.count() <= 0) return Status(Code::kInvalid, "server timeouts must be positive");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<Server>> NewServer(const ServerOptions& options, Handler& handler) {
  EKS_RETURN_IF_ERROR(ValidateOptions(options));
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<net::ssl::context> tls, NewServerTlsContext(options));
  return std::unique_ptr<Server>(new ServerImpl(options, handler, std::move(tls)));
}

}  // namespace ekslite::apiserver
