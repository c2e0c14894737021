// The order Kubernetes gives API version names ("v1", "v2beta1", "v1alpha3",
// "foo"): the order discovery lists a group's versions in and in which a
// CRD's versions are preferred.
#ifndef EKSLITE_APISERVER_RESOURCES_VERSION_PRIORITY_H_
#define EKSLITE_APISERVER_RESOURCES_VERSION_PRIORITY_H_

#include <string_view>

namespace ekslite::apiserver {

// True when `a` comes before `b`: GA versions before beta before alpha before
// names that are not Kubernetes versions; within a stability level the higher
// major version first, then the higher minor (v2 > v1, v1beta2 > v1beta1);
// other names alphabetically. Pure; thread-safe.
bool VersionPriorityLess(std::string_view a, std::string_view b);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_VERSION_PRIORITY_H_
