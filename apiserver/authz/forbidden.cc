#include "apiserver/authz/forbidden.h"

#include "core/api/go_format.h"

namespace ekslite::apiserver {

using api::GoQuote;

std::string ForbiddenMessage(const Attributes& a) {
  std::string user = "User " + GoQuote(a.user.name) + " cannot " + a.verb;
  if (!a.resource_request) return user + " path " + GoQuote(a.path);
  std::string resource = a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
  std::string out = user + " resource " + GoQuote(resource) + " in API group " + GoQuote(a.api_group);
  if (!a.namespace_.empty()) return out + " in the namespace " + GoQuote(a.namespace_);
  return out + " at the cluster scope";
}

Status ForbiddenStatus(const Attributes& a, std::string_view reason) {
  std::string message = ForbiddenMessage(a);
  if (!reason.empty()) message += ": " + std::string(reason);
  // The qualified resource ("deployments.apps") names what was refused; a
  // non-resource request has none.
  std::string qualified = a.resource;
  if (!a.api_group.empty() && !qualified.empty()) qualified += "." + a.api_group;
  StatusDetails details;
  details.name = a.name;
  details.group = a.api_group;
  details.kind = a.resource;
  if (qualified.empty()) {
    message = "forbidden: " + message;
  } else if (a.name.empty()) {
    message = qualified + " is forbidden: " + message;
  } else {
    message = qualified + " " + GoQuote(a.name) + " is forbidden: " + message;
  }
  return Status(Code::kForbidden, std::move(message), std::move(details));
}

}  // namespace ekslite::apiserver
