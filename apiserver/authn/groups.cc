#include "apiserver/authn/groups.h"

#include <algorithm>

namespace ekslite::apiserver {

UserInfo WithAuthenticatedGroup(UserInfo user) {
  if (std::find(user.groups.begin(), user.groups.end(), kAuthenticatedGroup) == user.groups.end()) {
    user.groups.emplace_back(kAuthenticatedGroup);
  }
  return user;
}

}  // namespace ekslite::apiserver
