// The loopback transport: a client's requests handed, as request objects, to
// an in-process http::Handler (the apiserver's) — no sockets, no TLS, no
// serialization beyond the JSON bodies themselves. The all-in-one binary
// wires the scheduler, controllers and kubelet to the apiserver with it.
#ifndef EKSLITE_CORE_CLIENT_LOOPBACK_TRANSPORT_H_
#define EKSLITE_CORE_CLIENT_LOOPBACK_TRANSPORT_H_

#include <memory>

#include "core/client/transport.h"
#include "core/http/handler.h"
#include "core/http/user_info.h"

namespace ekslite::client {

struct LoopbackOptions {
  // Who every request is made as. The handler takes an in-process caller's
  // identity as given (http::Peer::in_process), so this user is authorized by
  // its groups; the default is a member of system:masters, like upstream's
  // loopback client.
  http::UserInfo user{"system:apiserver", "", {"system:masters", "system:authenticated"}, {}};
};

// A transport that calls `handler` (which must outlive it) on the calling
// thread. RoundTrip reads a streamed body to its end before returning (use
// Stream for watches). Never fails: the handler answers every request.
std::unique_ptr<Transport> NewLoopbackTransport(http::Handler& handler,
                                                const LoopbackOptions& options = {});

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_LOOPBACK_TRANSPORT_H_
