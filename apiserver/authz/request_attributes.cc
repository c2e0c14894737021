#include "apiserver/authz/request_attributes.h"

#include <algorithm>

#include "apiserver/authz/forbidden.h"
#include "apiserver/authz/impersonation.h"
#include "core/api/field_selector.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

std::string LowerMethod(const http::Request& request) {
  std::string method(request.method_string());
  std::transform(method.begin(), method.end(), method.begin(), ::tolower);
  return method;
}

// The object a list or watch names with fieldSelector=metadata.name=X, if any
// (and a valid path segment, as upstream requires).
std::string SelectedName(const RequestInfo& info) {
  auto text = info.query.Get("fieldSelector");
  if (!text) return "";
  auto selector = api::ParseFieldSelector(*text);
  if (!selector.ok()) return "";
  auto name = selector->RequiresExactMatch("metadata.name");
  if (!name || !api::IsValidPathSegmentName(*name).empty()) return "";
  return *name;
}

}  // namespace

Attributes RequestAttributes(const http::Request& request, const RequestInfo& info,
                             const UserInfo& user) {
  Attributes a;
  a.user = user;
  a.path = info.path;
  if (!info.is_resource_request) {
    a.resource_request = false;
    a.verb = LowerMethod(request);
    return a;
  }
  a.verb = info.verb;
  a.api_group = info.group;
  a.api_version = info.version;
  a.resource = info.resource;
  // "proxy/some/path": the subresource is the first segment.
  a.subresource = info.subresource.substr(0, info.subresource.find('/'));
  a.namespace_ = info.namespace_;
  a.name = info.name;
  if (info.group.empty() && info.resource == "namespaces" && !info.name.empty()) {
    a.namespace_ = info.name;
  }
  if (a.name.empty() && (a.verb == "list" || a.verb == "watch")) a.name = SelectedName(info);
  return a;
}

StatusOr<UserInfo> AuthorizeRequest(const http::Request& request, const RequestInfo& info,
                                    const UserInfo& user, const Authorizer& authorizer) {
  UserInfo acting = user;
  if (HasImpersonation(request)) {
    EKS_ASSIGN_OR_RETURN(acting, Impersonate(request, user, authorizer));
  }
  Attributes attributes = RequestAttributes(request, info, acting);
  Decision decision = authorizer.Authorize(attributes);
  if (!decision.allowed) return ForbiddenStatus(attributes, decision.reason);
  return acting;
}

}  // namespace ekslite::apiserver
