// Transport: how a client's HTTP requests reach the apiserver. Two
// implementations pass the same tests: TLS over the network
// (tls_transport.h, from a kubeconfig) and loopback (loopback_transport.h,
// the request object handed to the in-process apiserver handler). Everything
// above — the dynamic client, informers, leader election — is written against
// this interface only, so a component runs unchanged in the all-in-one binary
// and against a remote cluster.
#ifndef EKSLITE_CORE_CLIENT_TRANSPORT_H_
#define EKSLITE_CORE_CLIENT_TRANSPORT_H_

#include <functional>
#include <string_view>

#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::client {

class CancelToken;

// Receives one line of a streamed response body (a watch event), without its
// newline. Returns false to stop reading.
using LineHandler = std::function<bool(std::string_view line)>;

class Transport {
 public:
  virtual ~Transport() = default;

  // Sends `request` and returns the complete response, whatever its HTTP
  // status: an API error is a response here, turned into a Status by the
  // caller (api_error.h). The body is in `head.body()`; `stream` is never
  // set. Errors: kUnavailable when the server cannot be reached or the
  // connection fails, kTimeout when it does not answer in time. Thread-safe.
  virtual StatusOr<http::Response> RoundTrip(const http::Request& request) = 0;

  // Sends `request` and reads a streamed (chunked) response body as it
  // arrives, calling `on_line` with each line on this thread. Returns the
  // response head when the body ended, `on_line` returned false, or `cancel`
  // (may be null) was cancelled. For a non-2xx status no line is delivered
  // and the head carries the whole body; for 2xx the head's body is empty.
  // Transport errors as for RoundTrip. Thread-safe.
  virtual StatusOr<http::HeadResponse> Stream(const http::Request& request,
                                              const LineHandler& on_line, CancelToken* cancel) = 0;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_TRANSPORT_H_
