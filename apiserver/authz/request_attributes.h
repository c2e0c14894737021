// The authorization attributes of an API request, derived from its
// RequestInfo the way upstream's request-info resolver derives them:
//
//   - non-resource requests: the lower-case HTTP method as verb and the path;
//   - resource requests: the verb (get, list, watch, create, update, patch,
//     delete, deletecollection), group, version, resource, the subresource's
//     first segment, namespace and name;
//   - a namespace's own requests (GET /api/v1/namespaces/foo) are in that
//     namespace, so RoleBindings in it apply;
//   - list and watch with fieldSelector=metadata.name=X are about object X,
//     so rules with resourceNames apply to them.
//
// Health checks (/healthz, /livez, /readyz) are served before authentication
// and never reach this.
#ifndef EKSLITE_APISERVER_AUTHZ_REQUEST_ATTRIBUTES_H_
#define EKSLITE_APISERVER_AUTHZ_REQUEST_ATTRIBUTES_H_

#include "apiserver/authz/authorizer.h"
#include "apiserver/request_info.h"
#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::apiserver {

Attributes RequestAttributes(const http::Request& request, const RequestInfo& info,
                             const UserInfo& user);

// What every request goes through after authentication: impersonation (see
// impersonation.h), then authorization of the request as the acting user.
// Returns the acting user. Errors: kForbidden with upstream's message
// (forbidden.h), or impersonation's errors.
StatusOr<UserInfo> AuthorizeRequest(const http::Request& request, const RequestInfo& info,
                                    const UserInfo& user, const Authorizer& authorizer);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_REQUEST_ATTRIBUTES_H_
