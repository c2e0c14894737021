// Handler: a server as a function from an HTTP request to a response. The
// apiserver implements it; its TLS server and the in-process loopback client
// transport (core/client/loopback_transport.h) both call it, so nothing below
// this interface knows about sockets, and components reach the apiserver
// in-process without depending on it.
#ifndef EKSLITE_CORE_HTTP_HANDLER_H_
#define EKSLITE_CORE_HTTP_HANDLER_H_

#include <optional>
#include <string>

#include "core/http/message.h"
#include "core/http/user_info.h"

namespace ekslite::http {

// What the transport knows about the caller.
struct Peer {
  // The subject of a client certificate the TLS layer verified against the
  // cluster CA (user = CN, groups = O), or nullopt when none was presented.
  std::optional<UserInfo> certificate_user;
  // A trusted in-process caller (loopback transport); its identity is taken as
  // given: `certificate_user` names it.
  bool in_process = false;
  std::string remote_address;  // "127.0.0.1:51234"; "" for in-process calls
};

class Handler {
 public:
  virtual ~Handler() = default;

  // Serves one request. Never throws; every failure is a metav1.Status
  // response. May block (storage writes wait for their commit), so callers run
  // it on a worker thread, not on an I/O thread. Thread-safe.
  virtual Response Serve(Request request, const Peer& peer) = 0;
};

}  // namespace ekslite::http

#endif  // EKSLITE_CORE_HTTP_HANDLER_H_
