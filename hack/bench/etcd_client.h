// EtcdClient: the smallest client that can drive etcd's v3 JSON gateway
// (grpc-gateway on the client port) for the storage benchmark: one
// keep-alive HTTP/1.1 connection, blocking calls. Not for production use.
#ifndef EKSLITE_HACK_BENCH_ETCD_CLIENT_H_
#define EKSLITE_HACK_BENCH_ETCD_CLIENT_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::bench {

class EtcdClient {
 public:
  // Connects to `host`:`port` (numeric IPv4).
  static StatusOr<EtcdClient> Connect(const std::string& host, int port);

  EtcdClient(EtcdClient&& other) noexcept;
  EtcdClient& operator=(EtcdClient&&) = delete;
  EtcdClient(const EtcdClient&) = delete;
  ~EtcdClient();

  // A Kubernetes-style create: a transaction that puts `key` only if it does
  // not exist (create_revision == 0). kAlreadyExists when it did.
  Status Create(std::string_view key, std::string_view value);
  // A plain put.
  Status Put(std::string_view key, std::string_view value);

 private:
  explicit EtcdClient(int fd) : fd_(fd) {}
  // POSTs `body` to `path`; returns the response body of a 200.
  StatusOr<std::string> Post(std::string_view path, const std::string& body);

  int fd_ = -1;
  std::string buffer_;  // bytes read past the previous response
};

// Standard base64 with padding (what grpc-gateway expects for bytes fields).
std::string Base64(std::string_view in);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_ETCD_CLIENT_H_
