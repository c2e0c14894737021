// Handler: the apiserver as a function from an HTTP request to a response.
// The interface lives in core/http/handler.h so that the loopback client
// transport (in core) can call it without depending on the apiserver; the
// names are kept here for the apiserver's own code.
#ifndef EKSLITE_APISERVER_HANDLER_H_
#define EKSLITE_APISERVER_HANDLER_H_

#include "apiserver/authn/user.h"
#include "core/http/handler.h"

namespace ekslite::apiserver {

using Peer = http::Peer;
using Handler = http::Handler;

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLER_H_
