// What an object costs against a ResourceQuota: object counts ("pods",
// "configmaps", "count/deployments.apps") and pod compute
// ("requests.cpu", "limits.memory", ...). Shared by the apiserver's quota
// admission and the resource quota controller, so both count alike.
//
// All values are milli-units (api/quantity.h): one object counts 1000.
#ifndef EKSLITE_CORE_API_QUOTA_USAGE_H_
#define EKSLITE_CORE_API_QUOTA_USAGE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/json.h"

namespace ekslite::api {

using ResourceList = std::map<std::string, int64_t, std::less<>>;

// The usage of `object`, of resource `resource` in API group `group`, for
// every quota resource name it counts towards. Finished pods (Succeeded,
// Failed) and terminating ones count nothing.
ResourceList ObjectQuotaUsage(std::string_view group, std::string_view resource,
                              const JsonValue& object);

// A quota's spec.hard or status.used (quantities by name); unparsable
// entries are skipped.
ResourceList ParseResourceList(const JsonValue* list);

// One value as a quota shows it: counts and cpu as numbers ("3", "500m"),
// memory and storage with binary suffixes when exact ("1Gi").
std::string FormatQuotaValue(std::string_view name, int64_t milli);

// "name=value,name=value" (sorted by name), for quota messages.
std::string FormatResourceList(const ResourceList& list);

// The JSON object of `list` with FormatQuotaValue strings.
JsonValue ResourceListJson(const ResourceList& list, JsonAllocator& a);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_QUOTA_USAGE_H_
