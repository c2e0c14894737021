// Discovery: every resource the apiserver serves (built-in kinds and CRDs),
// read from /api/v1 and the preferred version of each group under /apis, as
// the namespace controller needs to empty a namespace of everything in it.
#ifndef EKSLITE_CONTROLLERS_COMMON_DISCOVERY_H_
#define EKSLITE_CONTROLLERS_COMMON_DISCOVERY_H_

#include <string>
#include <vector>

#include "core/client/resource.h"
#include "core/client/transport.h"
#include "core/status.h"

namespace ekslite::controllers {

struct DiscoveredResource {
  client::GroupVersionResource resource;
  std::string kind;
  bool namespaced = false;
  std::vector<std::string> verbs;

  bool Supports(std::string_view verb) const;
};

// The top-level resources (no subresources). Fails with the first request
// that fails; a group whose version cannot be read is an error too
// (kUnavailable), since a namespace must not be dropped with content left.
StatusOr<std::vector<DiscoveredResource>> DiscoverResources(client::Transport& transport);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_COMMON_DISCOVERY_H_
