// The 403 an apiserver answers when authorization refuses a request, worded
// as upstream words it:
//
//   configmaps is forbidden: User "bob" cannot list resource "configmaps" in
//     API group "" in the namespace "default"
//   configmaps "x" is forbidden: User "bob" cannot get resource "configmaps"
//     in API group "" in the namespace "default"
//   nodes is forbidden: User "bob" cannot list resource "nodes" in API group
//     "" at the cluster scope
//   forbidden: User "bob" cannot get path "/metrics"
//
// followed by ": <reason>" when the authorizer gave one. Details carry the
// name, the group and the resource (as `kind`).
#ifndef EKSLITE_APISERVER_AUTHZ_FORBIDDEN_H_
#define EKSLITE_APISERVER_AUTHZ_FORBIDDEN_H_

#include <string_view>

#include "apiserver/authz/authorizer.h"
#include "core/status.h"

namespace ekslite::apiserver {

// `User "bob" cannot get resource "pods/log" in API group "" in the namespace
// "ns"` (or "... at the cluster scope", or `... cannot get path "/x"`).
std::string ForbiddenMessage(const Attributes& attributes);

// The kForbidden Status for a refused request.
Status ForbiddenStatus(const Attributes& attributes, std::string_view reason);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_FORBIDDEN_H_
