// Group names authentication assigns.
#ifndef EKSLITE_APISERVER_AUTHN_GROUPS_H_
#define EKSLITE_APISERVER_AUTHN_GROUPS_H_

#include "apiserver/authn/user.h"

namespace ekslite::apiserver {

inline constexpr char kAuthenticatedGroup[] = "system:authenticated";

// Returns `user` with kAuthenticatedGroup appended unless it already has it.
// Every authenticator applies it to the users it returns.
UserInfo WithAuthenticatedGroup(UserInfo user);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_GROUPS_H_
