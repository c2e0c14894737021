#include "apiserver/authn/x509_authenticator.h"

#include "apiserver/authn/groups.h"

namespace ekslite::apiserver {
namespace {

class X509Authenticator : public Authenticator {
 public:
  StatusOr<std::optional<UserInfo>> Authenticate(const http::Request& request,
                                                 const Peer& peer) override {
    if (!peer.certificate_user || peer.certificate_user->name.empty()) {
      return std::optional<UserInfo>();
    }
    return std::optional<UserInfo>(WithAuthenticatedGroup(*peer.certificate_user));
  }
};

}  // namespace

std::shared_ptr<Authenticator> NewX509Authenticator() {
  return std::make_shared<X509Authenticator>();
}

}  // namespace ekslite::apiserver
