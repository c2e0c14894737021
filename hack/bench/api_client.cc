#include "hack/bench/api_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <limits>
#include <optional>

namespace ekslite::bench {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();

Status Unavailable(std::string_view what, const beast::error_code& ec) {
  return Status::Unavailable(std::string(what) + ": " + ec.message());
}

}  // namespace

StatusOr<ApiEndpoint> EndpointFor(const std::string& url, const std::string& data_dir) {
  constexpr std::string_view kScheme = "https://";
  const size_t colon = url.rfind(':');
  if (url.rfind(kScheme, 0) != 0 || colon == std::string::npos || colon < kScheme.size()) {
    return Status::Invalid("want https://IP:PORT, got " + url);
  }
  ApiEndpoint endpoint;
  endpoint.host = url.substr(kScheme.size(), colon - kScheme.size());
  endpoint.port = std::atoi(url.c_str() + colon + 1);
  endpoint.ca_file = data_dir + "/pki/ca.crt";
  endpoint.certificate_file = data_dir + "/pki/admin.crt";
  endpoint.key_file = data_dir + "/pki/admin.key";
  return endpoint;
}

struct ApiClient::Impl {
  net::io_context io;
  ssl::context tls{ssl::context::tls_client};
  // Built after the TLS context is configured: OpenSSL copies the context's
  // certificate, key and verify mode into each connection when it is created.
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  std::string host;
  bool accept_gzip = false;
};

ApiClient::ApiClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiClient::~ApiClient() = default;

StatusOr<std::unique_ptr<ApiClient>> ApiClient::Connect(const ApiEndpoint& endpoint) {
  auto impl = std::make_unique<Impl>();
  impl->host = endpoint.host;
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(endpoint.host, ec);
  if (ec) return Status::Invalid("not an IP address: " + endpoint.host);
  // TCP first: while a server is starting, refusals are cheap.
  tcp::socket socket(impl->io);
  socket.connect(tcp::endpoint(address, static_cast<uint16_t>(endpoint.port)), ec);
  if (ec) return Unavailable("connect", ec);
  socket.set_option(tcp::no_delay(true));
  if (!endpoint.ca_file.empty()) {
    impl->tls.load_verify_file(endpoint.ca_file, ec);
    if (ec) return Status::Invalid("CA " + endpoint.ca_file + ": " + ec.message());
    impl->tls.set_verify_mode(ssl::verify_peer);
  }
  if (!endpoint.certificate_file.empty()) {
    impl->tls.use_certificate_chain_file(endpoint.certificate_file, ec);
    if (!ec) impl->tls.use_private_key_file(endpoint.key_file, ssl::context::pem, ec);
    if (ec) return Status::Invalid("client certificate: " + ec.message());
  }
  impl->stream.emplace(beast::tcp_stream(std::move(socket)), impl->tls);
  if (!endpoint.ca_file.empty()) {
    impl->stream->set_verify_callback(ssl::host_name_verification(endpoint.host));
  }
  impl->stream->handshake(ssl::stream_base::client, ec);
  if (ec) return Unavailable("TLS handshake", ec);
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(impl)));
}

StatusOr<Reply> ApiClient::Send(std::string_view method, std::string_view target,
                                std::string_view body, std::string_view content_type) {
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
  request.set(bhttp::field::host, impl_->host);
  request.set(bhttp::field::user_agent, "api_bench");
  if (impl_->accept_gzip) request.set(bhttp::field::accept_encoding, "gzip");
  if (!body.empty()) {
    request.set(bhttp::field::content_type, content_type);
    request.body() = body;
  }
  request.prepare_payload();
  beast::error_code ec;
  bhttp::write(*impl_->stream, request, ec);
  if (ec) return Unavailable("write", ec);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kNoBodyLimit);
  bhttp::read(*impl_->stream, impl_->buffer, parser, ec);
  if (ec) return Unavailable("read", ec);
  Reply reply;
  reply.status = parser.get().result_int();
  reply.body = std::move(parser.get().body());
  return reply;
}

void ApiClient::AcceptGzip(bool on) { impl_->accept_gzip = on; }

Status ApiClient::Stream(std::string_view target, const LineFn& on_line,
                         const std::function<void()>& on_open) {
  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, target, 11};
  request.set(bhttp::field::host, impl_->host);
  request.set(bhttp::field::user_agent, "api_bench");
  beast::error_code ec;
  bhttp::write(*impl_->stream, request, ec);
  if (ec) return Unavailable("write", ec);
  bhttp::response_parser<bhttp::empty_body> parser;
  parser.body_limit(kNoBodyLimit);
  bhttp::read_header(*impl_->stream, impl_->buffer, parser, ec);
  if (ec) return Unavailable("read header", ec);
  if (parser.get().result_int() != 200) {
    return Status::Internal("watch answered " + std::to_string(parser.get().result_int()));
  }
  if (on_open) on_open();
  std::string pending;
  bool stop = false;
  auto on_chunk = [&](uint64_t, std::string_view data, beast::error_code& chunk_ec) {
    const auto received = std::chrono::steady_clock::now();
    pending.append(data);
    size_t newline;
    while (!stop && (newline = pending.find('\n')) != std::string::npos) {
      stop = !on_line(std::string_view(pending).substr(0, newline), received);
      pending.erase(0, newline + 1);
    }
    if (stop) chunk_ec = bhttp::error::end_of_chunk;  // makes read_some return
    return data.size();
  };
  parser.on_chunk_body(on_chunk);
  while (!stop && !parser.is_done()) {
    bhttp::read_some(*impl_->stream, impl_->buffer, parser, ec);
    if (ec == bhttp::error::end_of_chunk) continue;
    if (ec) return Unavailable("read stream", ec);
  }
  return Status::Ok();
}

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string ScanString(std::string_view json, std::string_view field, size_t window) {
  json = json.substr(0, window);
  const std::string needle = "\"" + std::string(field) + "\":\"";
  const size_t at = json.find(needle);
  if (at == std::string_view::npos) return "";
  const size_t begin = at + needle.size();
  size_t end = begin;
  while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
  return std::string(json.substr(begin, end - begin));
}

}  // namespace ekslite::bench
