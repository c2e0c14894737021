#include "apiserver/authn/service_account_names.h"

#include "core/api/validation.h"

namespace ekslite::apiserver {

std::string ServiceAccountUsername(std::string_view ns, std::string_view name) {
  return std::string(kServiceAccountUsernamePrefix) + std::string(ns) + ":" + std::string(name);
}

std::optional<std::pair<std::string, std::string>> SplitServiceAccountUsername(
    std::string_view username) {
  std::string_view prefix = kServiceAccountUsernamePrefix;
  if (username.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = username.substr(prefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || rest.find(':', colon + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string ns(rest.substr(0, colon));
  std::string name(rest.substr(colon + 1));
  if (!api::NameIsDnsLabel(ns, false).empty() || !api::NameIsDnsSubdomain(name, false).empty()) {
    return std::nullopt;
  }
  return std::make_pair(std::move(ns), std::move(name));
}

std::vector<std::string> ServiceAccountGroups(std::string_view ns) {
  return {kAllServiceAccountsGroup, std::string(kAllServiceAccountsGroup) + ":" + std::string(ns)};
}

}  // namespace ekslite::apiserver
