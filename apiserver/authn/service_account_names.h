// The user and group names a service account authenticates as
// ("system:serviceaccount:<ns>:<name>", "system:serviceaccounts",
// "system:serviceaccounts:<ns>"), shared by the token authenticator,
// impersonation and RBAC.
#ifndef EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_NAMES_H_
#define EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_NAMES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ekslite::apiserver {

inline constexpr char kServiceAccountUsernamePrefix[] = "system:serviceaccount:";
inline constexpr char kAllServiceAccountsGroup[] = "system:serviceaccounts";

// "system:serviceaccount:<ns>:<name>".
std::string ServiceAccountUsername(std::string_view ns, std::string_view name);
// The namespace and name of a service-account username, or nullopt when
// `username` is not one (wrong prefix, not exactly two parts, an invalid
// namespace or name), as upstream's SplitUsername decides.
std::optional<std::pair<std::string, std::string>> SplitServiceAccountUsername(
    std::string_view username);
// {"system:serviceaccounts", "system:serviceaccounts:<ns>"}.
std::vector<std::string> ServiceAccountGroups(std::string_view ns);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_SERVICE_ACCOUNT_NAMES_H_
