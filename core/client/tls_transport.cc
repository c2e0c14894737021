#include "core/client/tls_transport.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <mutex>
#include <vector>

#include "core/client/tls_connection.h"
#include "core/log.h"
#include "core/thread_annotations.h"

namespace ekslite::client {
namespace {

namespace net = boost::asio;
using ErrorCode = boost::system::error_code;

constexpr size_t kErrorBodyLimit = 1024 * 1024;

struct ServerUrl {
  TlsEndpoint endpoint;
  std::string host_header;  // "127.0.0.1:6443", "[::1]:6443"
  std::string path_prefix;  // "" or "/prefix" (no trailing slash)
};

StatusOr<ServerUrl> ParseServerUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Status::Invalid("server \"" + std::string(url) + "\": only https:// is supported");
  }
  std::string_view rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  ServerUrl out;
  if (slash != std::string_view::npos) {
    out.path_prefix = std::string(rest.substr(slash));
    while (!out.path_prefix.empty() && out.path_prefix.back() == '/') out.path_prefix.pop_back();
  }
  std::string_view host = authority;
  std::string_view port = "443";
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::Invalid("server: unterminated [address]");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Status::Invalid("server: junk after ]");
      port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || port.empty() ||
      port.find_first_not_of("0123456789") != std::string_view::npos) {
    return Status::Invalid("server \"" + std::string(url) + "\": expected https://host[:port]");
  }
  out.endpoint.host = std::string(host);
  out.endpoint.port = std::string(port);
  out.endpoint.verify_name = out.endpoint.host;
  out.host_header = std::string(authority);
  return out;
}

Status TlsError(std::string_view what, const ErrorCode& ec) {
  return Status::Invalid(std::string(what) + ": " + ec.message());
}

StatusOr<std::unique_ptr<net::ssl::context>> NewClientContext(const ClientConfig& config) {
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ErrorCode ec;
  if (!config.ca_pem.empty()) {
    ctx->add_certificate_authority(net::buffer(config.ca_pem), ec);
    if (ec) return TlsError("certificate-authority", ec);
  } else {
    ctx->set_default_verify_paths(ec);
    if (ec) return TlsError("the system's CA certificates", ec);
  }
  ctx->set_verify_mode(
      config.insecure_skip_tls_verify ? net::ssl::verify_none : net::ssl::verify_peer, ec);
  if (!config.client_certificate_pem.empty()) {
    ctx->use_certificate_chain(net::buffer(config.client_certificate_pem), ec);
    if (ec) return TlsError("client certificate", ec);
    ctx->use_private_key(net::buffer(config.client_key_pem), net::ssl::context::pem, ec);
    if (ec) return TlsError("client key", ec);
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return Status::Invalid("the client key does not match the client certificate");
    }
  }
  return ctx;
}

class TlsTransport final : public Transport {
 public:
  TlsTransport(const TlsTransportOptions& options, ServerUrl url,
               std::unique_ptr<net::ssl::context> tls)
      : options_(options), url_(std::move(url)), tls_(std::move(tls)) {
    if (!options_.config.tls_server_name.empty()) {
      url_.endpoint.verify_name = options_.config.tls_server_name;
    }
  }

  StatusOr<http::Response> RoundTrip(const http::Request& request) override {
    http::Request prepared = Prepare(request);
    // A pooled connection may have been closed by the server while idle; a
    // request that got no answer on one is sent again on a new connection.
    for (int attempt = 0;; ++attempt) {
      bool reused = false;
      EKS_ASSIGN_OR_RETURN(auto conn, Acquire(attempt == 0, &reused));
      bool got_response = false;
      auto head = conn->Exchange(prepared, options_.request_timeout, options_.max_response_bytes,
                                 &got_response);
      if (head.ok()) {
        if (conn->reusable()) Release(std::move(conn));
        return http::Response{std::move(*head), nullptr};
      }
      if (!reused || got_response) return head.status();
    }
  }

  StatusOr<http::HeadResponse> Stream(const http::Request& request, const LineHandler& on_line,
                                      CancelToken* cancel) override {
    http::Request prepared = Prepare(request);
    for (int attempt = 0;; ++attempt) {
      bool reused = false;
      EKS_ASSIGN_OR_RETURN(auto conn, Acquire(attempt == 0, &reused));
      bool got_response = false;
      auto head = conn->Stream(prepared, options_.request_timeout, kErrorBodyLimit, on_line, cancel,
                               &got_response);
      if (head.ok() || !reused || got_response) return head;
    }
  }

 private:
  http::Request Prepare(const http::Request& request) const {
    http::Request r = request;
    if (!url_.path_prefix.empty()) r.target(url_.path_prefix + std::string(request.target()));
    r.set(http::Field::host, url_.host_header);
    if (r.find(http::Field::user_agent) == r.end()) {
      r.set(http::Field::user_agent, options_.user_agent);
    }
    if (!options_.config.token.empty() && r.find(http::Field::authorization) == r.end()) {
      r.set(http::Field::authorization, "Bearer " + options_.config.token);
    }
    r.keep_alive(true);
    r.prepare_payload();
    return r;
  }

  // An idle pooled connection when `may_reuse` and one is fresh enough, else
  // a new one.
  StatusOr<std::unique_ptr<TlsConnection>> Acquire(bool may_reuse, bool* reused) {
    *reused = false;
    if (may_reuse) {
      std::lock_guard<std::mutex> lock(mu_);
      auto now = std::chrono::steady_clock::now();
      while (!idle_.empty()) {
        std::unique_ptr<TlsConnection> c = std::move(idle_.back());
        idle_.pop_back();
        if (now - c->last_used() < options_.idle_connection_timeout) {
          *reused = true;
          return c;
        }
      }
    }
    EKS_ASSIGN_OR_RETURN(auto c,
                         TlsConnection::Open(*tls_, url_.endpoint, options_.connect_timeout));
    if (options_.on_connect) options_.on_connect();
    return c;
  }

  void Release(std::unique_ptr<TlsConnection> conn) {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(conn));
  }

  const TlsTransportOptions options_;
  ServerUrl url_;
  std::unique_ptr<net::ssl::context> tls_;
  std::mutex mu_;
  std::vector<std::unique_ptr<TlsConnection>> idle_ GUARDED_BY(mu_);
};

}  // namespace

StatusOr<std::unique_ptr<Transport>> NewTlsTransport(const TlsTransportOptions& options) {
  EKS_ASSIGN_OR_RETURN(ServerUrl url, ParseServerUrl(options.config.server));
  EKS_ASSIGN_OR_RETURN(auto tls, NewClientContext(options.config));
  return std::unique_ptr<Transport>(
      std::make_unique<TlsTransport>(options, std::move(url), std::move(tls)));
}

}  // namespace ekslite::client
