#include "hack/bench/etcd_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace ekslite::bench {

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

StatusOr<EtcdClient> EtcdClient::Connect(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Internal(std::string("socket: ") + std::strerror(errno));
  EtcdClient client(fd);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    return Status::Invalid("not an IPv4 address: " + host);
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::Unavailable("connect " + host + ": " + std::strerror(errno));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return client;
}

EtcdClient::EtcdClient(EtcdClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

EtcdClient::~EtcdClient() {
  if (fd_ >= 0) ::close(fd_);
}

Status EtcdClient::Create(std::string_view key, std::string_view value) {
  const std::string k = Base64(key);
  const std::string body = R"({"compare":[{"key":")" + k +
                           R"(","target":"CREATE","result":"EQUAL","create_revision":"0"}],)" +
                           R"("success":[{"request_put":{"key":")" + k + R"(","value":")" +
                           Base64(value) + R"("}}]})";
  EKS_ASSIGN_OR_RETURN(std::string response, Post("/v3/kv/txn", body));
  // grpc-gateway omits false booleans: a failed compare has no "succeeded".
  if (response.find("\"succeeded\":true") == std::string::npos) {
    return Status::AlreadyExists(std::string(key));
  }
  return Status::Ok();
}

Status EtcdClient::Put(std::string_view key, std::string_view value) {
  const std::string body = R"({"key":")" + Base64(key) + R"(","value":")" + Base64(value) + R"("})";
  return Post("/v3/kv/put", body).status();
}

StatusOr<std::string> EtcdClient::Post(std::string_view path, const std::string& body) {
  std::string request = "POST " + std::string(path) +
                        " HTTP/1.1\r\nHost: etcd\r\nContent-Type: application/json\r\n"
                        "Content-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return Status::Unavailable(std::string("send: ") + std::strerror(errno));
    sent += static_cast<size_t>(n);
  }
  // Read the head, then a Content-Length body (grpc-gateway sends one for
  // unary calls).
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return Status::Unavailable("etcd closed the connection");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  const std::string head = buffer_.substr(0, head_end);
  const size_t length_at = head.find("Content-Length: ");
  if (length_at == std::string::npos) return Status::Internal("no Content-Length: " + head);
  const size_t length = std::strtoul(head.c_str() + length_at + 16, nullptr, 10);
  while (buffer_.size() < head_end + 4 + length) {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return Status::Unavailable("etcd closed the connection");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  std::string response = buffer_.substr(head_end + 4, length);
  buffer_.erase(0, head_end + 4 + length);
  if (head.compare(0, 12, "HTTP/1.1 200") != 0) {
    return Status::Internal(head.substr(0, head.find('\r')) + ": " + response);
  }
  return response;
}

}  // namespace ekslite::bench
