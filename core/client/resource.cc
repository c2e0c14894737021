#include "core/client/resource.h"

#include "core/client/url.h"

namespace ekslite::client {

std::string GroupVersionResource::ApiVersion() const {
  return group.empty() ? version : group + "/" + version;
}

std::string ResourcePath(const GroupVersionResource& resource, std::string_view ns,
                         std::string_view name, std::string_view subresource) {
  std::string path = resource.group.empty() ? "/api/" + resource.version
                                            : "/apis/" + resource.group + "/" + resource.version;
  if (!ns.empty()) path += "/namespaces/" + PercentEncode(ns);
  path += "/" + resource.resource;
  if (!name.empty()) {
    path += "/" + PercentEncode(name);
    if (!subresource.empty()) path += "/" + PercentEncode(subresource);
  }
  return path;
}

}  // namespace ekslite::client
