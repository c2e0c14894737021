// The version the apiserver reports at /version: Kubernetes 1.32, with
// ekslite's own build as semver build metadata (after '+'), as k3s does. A
// '-' there would make it a pre-release, which Helm's kubeVersion checks
// (">=1.20.0") reject.
#ifndef EKSLITE_APISERVER_VERSION_H_
#define EKSLITE_APISERVER_VERSION_H_

#include <string>

namespace ekslite::apiserver {

inline constexpr const char* kKubernetesVersion = "v1.32.3";
inline constexpr const char* kEksliteBuild = "ekslite.1";

// "v1.32.3+ekslite.1"
std::string GitVersion();
// The /version document.
std::string VersionJson();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_VERSION_H_
