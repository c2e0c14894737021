// Handler: the apiserver as a function from an HTTP request to a response.
// The TLS server (apiserver/server.h) and the in-process loopback transport
// both call it; nothing below this interface knows about sockets.
#ifndef EKSLITE_APISERVER_HANDLER_H_
#define EKSLITE_APISERVER_HANDLER_H_

#include <optional>
#include <string>

#include "apiserver/authn/user.h"
#include "core/http/message.h"

namespace ekslite::apiserver {

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
  virtual http::Response Serve(http::Request request, const Peer& peer) = 0;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLER_H_
