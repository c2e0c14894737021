// The identity of a StatefulSet's pods: pod <set>-<ordinal> with stable
// hostname, subdomain and labels, and one PersistentVolumeClaim per
// volumeClaimTemplate named <claim>-<set>-<ordinal>.
#ifndef EKSLITE_CONTROLLERS_STATEFULSET_STATEFUL_PODS_H_
#define EKSLITE_CONTROLLERS_STATEFULSET_STATEFUL_PODS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace ekslite::controllers::statefulset {

inline constexpr std::string_view kPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr std::string_view kPodIndexLabel = "apps.kubernetes.io/pod-index";

// "<set>-<ordinal>".
std::string PodName(std::string_view set, int64_t ordinal);
// The ordinal in a pod's name when it is "<set>-<n>", else nullopt.
std::optional<int64_t> OrdinalOf(std::string_view set, std::string_view pod);
// "<claim>-<set>-<ordinal>".
std::string ClaimName(std::string_view claim, std::string_view set, int64_t ordinal);

// The pod for `ordinal` from `template_` (a pod template: metadata + spec)
// with the identity labels, the revision hash label, hostname and
// subdomain, volumes for the claims, and `set` as controller.
Json PodForOrdinal(const JsonValue& set, const JsonValue& template_, int64_t ordinal,
                   std::string_view revision_hash);

// The claims the pod at `ordinal` needs (one per volumeClaimTemplate), with
// the set's selector labels and, when the retention policy deletes claims
// with the set, the set as owner.
std::vector<Json> ClaimsForOrdinal(const JsonValue& set, int64_t ordinal);

}  // namespace ekslite::controllers::statefulset

#endif  // EKSLITE_CONTROLLERS_STATEFULSET_STATEFUL_PODS_H_
