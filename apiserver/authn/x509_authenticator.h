// X509Authenticator: the user named by a client certificate the TLS layer has
// already verified against the cluster CA (Peer::certificate_user; user = CN,
// groups = O), plus system:authenticated.
#ifndef EKSLITE_APISERVER_AUTHN_X509_AUTHENTICATOR_H_
#define EKSLITE_APISERVER_AUTHN_X509_AUTHENTICATOR_H_

#include <memory>

#include "apiserver/authn/authenticator.h"

namespace ekslite::apiserver {

// Returns the certificate's user, or nullopt when the peer presented none.
// Never fails: verification happened during the TLS handshake. Thread-safe.
std::shared_ptr<Authenticator> NewX509Authenticator();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_X509_AUTHENTICATOR_H_
