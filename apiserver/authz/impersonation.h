// Impersonation: a request may act as another user with the headers
//
//   Impersonate-User: bob | system:serviceaccount:<ns>:<name>
//   Impersonate-Group: g            (repeatable)
//   Impersonate-Uid: 1234
//   Impersonate-Extra-<key>: value  (repeatable; <key> percent-encoded)
//
// when the requester may `impersonate` each of them, as upstream checks it:
// users (group ""), groups, serviceaccounts (in their namespace), and in
// authentication.k8s.io uids and userextras/<key>. The first refused one
// answers 403 with upstream's message (`users "bob" is forbidden: User
// "alice" cannot impersonate resource "users" in API group "" at the cluster
// scope`). Groups, uid and extras need a user.
//
// The user acted as: the impersonated name, uid and extras, and the given
// groups (a service account without given groups gets its fixed ones), plus
// system:authenticated unless a group is system:authenticated or
// system:unauthenticated (system:anonymous gets system:unauthenticated).
#ifndef EKSLITE_APISERVER_AUTHZ_IMPERSONATION_H_
#define EKSLITE_APISERVER_AUTHZ_IMPERSONATION_H_

#include "apiserver/authz/authorizer.h"
#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::apiserver {

// True when `request` carries any Impersonate-* header.
bool HasImpersonation(const http::Request& request);

// The user `requester` acts as: itself when there are no Impersonate-*
// headers. Errors: kForbidden when `authorizer` refuses one of them;
// kInternal (as upstream) when groups, uid or extras come without a user.
StatusOr<UserInfo> Impersonate(const http::Request& request, const UserInfo& requester,
                               const Authorizer& authorizer);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_IMPERSONATION_H_
