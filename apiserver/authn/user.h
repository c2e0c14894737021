// UserInfo: who made a request, as authentication established it. The type
// lives in core/http (the loopback transport names its caller with it).
#ifndef EKSLITE_APISERVER_AUTHN_USER_H_
#define EKSLITE_APISERVER_AUTHN_USER_H_

#include "core/http/user_info.h"

namespace ekslite::apiserver {

using UserInfo = http::UserInfo;

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_USER_H_
