// The built-in resources, registered group by group.
#ifndef EKSLITE_APISERVER_RESOURCES_BUILTIN_H_
#define EKSLITE_APISERVER_RESOURCES_BUILTIN_H_

#include <string>

#include "apiserver/resources/resource_table.h"

namespace ekslite::apiserver {

class ClusterIpAllocator;

struct BuiltinOptions {
  // Allocates Service cluster IPs; must outlive the table.
  ClusterIpAllocator* service_ips = nullptr;
};

// Adds every built-in resource, in upstream's discovery order.
void RegisterBuiltinResources(ResourceTable& table, const BuiltinOptions& options);

// One per API group (one file each).
void RegisterCoreV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterEventsV1(ResourceTable& table);
void RegisterCoordinationV1(ResourceTable& table);

// Helpers for registration files.
ResourceInfo NewResource(std::string group, std::string version, std::string resource,
                         std::string singular, std::string kind, bool namespaced);
SubresourceInfo StatusSubresource(const ResourceInfo& info);
FieldSelectorSpec FieldAt(std::string label);  // the string (or bool/number) at a JSON path

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_BUILTIN_H_
