// The server's TLS configuration and what it learns from a handshake.
// Internal to apiserver/server*.
#ifndef EKSLITE_APISERVER_SERVER_TLS_H_
#define EKSLITE_APISERVER_SERVER_TLS_H_

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>

#include "apiserver/authn/user.h"
#include "apiserver/server.h"
#include "core/status.h"

namespace ekslite::apiserver {

// A TLS server context: TLS 1.2 or later, the serving certificate and key from
// `options`, ALPN that agrees only to "http/1.1", and, when `client_ca_pem` is
// set, optional client certificates verified against it. kInvalid when a PEM
// does not parse or the key does not match.
StatusOr<std::unique_ptr<boost::asio::ssl::context>> NewServerTlsContext(
    const ServerOptions& options);

// The user named by the verified client certificate of a finished handshake
// (name = the subject's CN, groups = its O attributes in order), or nullopt
// when the client sent none or its subject has no CN.
std::optional<UserInfo> VerifiedCertificateUser(SSL* ssl);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_SERVER_TLS_H_
