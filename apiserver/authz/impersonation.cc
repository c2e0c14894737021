#include "apiserver/authz/impersonation.h"

#include <strings.h>

#include <algorithm>

#include "apiserver/authn/service_account_names.h"
#include "apiserver/authz/forbidden.h"
#include "apiserver/request_info.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kUserHeader = "Impersonate-User";
constexpr std::string_view kGroupHeader = "Impersonate-Group";
constexpr std::string_view kUidHeader = "Impersonate-Uid";
constexpr std::string_view kExtraPrefix = "Impersonate-Extra-";
constexpr char kAuthenticationGroup[] = "authentication.k8s.io";

bool NameIs(std::string_view name, std::string_view want) {
  return name.size() == want.size() && strncasecmp(name.data(), want.data(), want.size()) == 0;
}

bool NameStartsWith(std::string_view name, std::string_view prefix) {
  return name.size() > prefix.size() && NameIs(name.substr(0, prefix.size()), prefix);
}

// One thing to impersonate (upstream builds an ObjectReference per item).
struct Request {
  std::string kind;  // User, ServiceAccount, Group, UserExtra, UID
  std::string namespace_;
  std::string name;
  std::string extra_key;  // UserExtra
};

// Go's %v of the ObjectReference upstream builds: {Kind Namespace Name UID
// APIVersion ResourceVersion FieldPath}.
std::string Describe(const std::vector<Request>& requests) {
  std::string out = "[";
  for (const Request& r : requests) {
    if (out.size() > 1) out += " ";
    bool auth = r.kind == "UserExtra" || r.kind == "UID";
    out += "{" + r.kind + " " + r.namespace_ + " " + r.name + "  " +
           (auth ? "authentication.k8s.io/v1" : "") + "  " + r.extra_key + "}";
  }
  return out + "]";
}

std::vector<Request> ParseHeaders(const http::Request& request, bool* has_user) {
  std::vector<Request> out;
  std::string user;
  std::string uid;
  std::vector<Request> groups, extras;
  for (const auto& field : request.base()) {
    std::string_view name = field.name_string();
    std::string value(field.value());
    if (NameIs(name, kUserHeader)) {
      if (user.empty()) user = value;
    } else if (NameIs(name, kGroupHeader)) {
      groups.push_back({"Group", "", value, ""});
    } else if (NameIs(name, kUidHeader)) {
      if (uid.empty()) uid = value;
    } else if (NameStartsWith(name, kExtraPrefix)) {
      std::string key(name.substr(kExtraPrefix.size()));
      std::transform(key.begin(), key.end(), key.begin(), ::tolower);
      extras.push_back({"UserExtra", "", value, UrlDecode(key, false)});
    }
  }
  *has_user = !user.empty();
  if (auto sa = SplitServiceAccountUsername(user)) {
    out.push_back({"ServiceAccount", sa->first, sa->second, ""});
  } else if (!user.empty()) {
    out.push_back({"User", "", user, ""});
  }
  out.insert(out.end(), groups.begin(), groups.end());
  out.insert(out.end(), extras.begin(), extras.end());
  if (!uid.empty()) out.push_back({"UID", "", uid, ""});
  return out;
}

// The attributes of impersonating `r`.
Attributes ActingAs(const Request& r, const UserInfo& requester) {
  Attributes a;
  a.user = requester;
  a.verb = "impersonate";
  a.name = r.name;
  if (r.kind == "ServiceAccount") {
    a.resource = "serviceaccounts";
    a.namespace_ = r.namespace_;
  } else if (r.kind == "User") {
    a.resource = "users";
  } else if (r.kind == "Group") {
    a.resource = "groups";
  } else {
    a.api_group = kAuthenticationGroup;
    a.api_version = "v1";
    a.resource = r.kind == "UID" ? "uids" : "userextras";
    if (r.kind == "UserExtra") a.subresource = r.extra_key;
  }
  return a;
}

void AddDefaultGroup(UserInfo* user) {
  auto has = [&](const char* g) {
    return std::find(user->groups.begin(), user->groups.end(), g) != user->groups.end();
  };
  if (user->name == "system:anonymous") {
    if (!has("system:unauthenticated")) user->groups.push_back("system:unauthenticated");
  } else if (!has("system:authenticated") && !has("system:unauthenticated")) {
    user->groups.push_back("system:authenticated");
  }
}

}  // namespace

bool HasImpersonation(const http::Request& request) {
  for (const auto& field : request.base()) {
    std::string_view name = field.name_string();
    if (NameIs(name, kUserHeader) || NameIs(name, kGroupHeader) || NameIs(name, kUidHeader) ||
        NameStartsWith(name, kExtraPrefix)) {
      return true;
    }
  }
  return false;
}

StatusOr<UserInfo> Impersonate(const http::Request& request, const UserInfo& requester,
                               const Authorizer& authorizer) {
  bool has_user = false;
  std::vector<Request> requests = ParseHeaders(request, &has_user);
  if (requests.empty()) return requester;
  if (!has_user) {
    return Status::Internal("Internal Server Error: \"" + std::string(request.target()) +
                            "\": requested " + Describe(requests) +
                            " without impersonating a user");
  }
  bool groups_given = std::any_of(requests.begin(), requests.end(),
                                  [](const Request& r) { return r.kind == "Group"; });
  UserInfo acting;
  for (const Request& r : requests) {
    Attributes a = ActingAs(r, requester);
    Decision d = authorizer.Authorize(a);
    if (!d.allowed) return ForbiddenStatus(a, d.reason);
    if (r.kind == "ServiceAccount") {
      acting.name = ServiceAccountUsername(r.namespace_, r.name);
      if (!groups_given) acting.groups = ServiceAccountGroups(r.namespace_);
    } else if (r.kind == "User") {
      acting.name = r.name;
    } else if (r.kind == "Group") {
      acting.groups.push_back(r.name);
    } else if (r.kind == "UID") {
      acting.uid = r.name;
    } else {
      acting.extra[r.extra_key].push_back(r.name);
    }
  }
  AddDefaultGroup(&acting);
  Logger("authz")->debug("{} is impersonating {}", requester.name, acting.name);
  return acting;
}

}  // namespace ekslite::apiserver
