// Discovery: /api, /apis, /api/v1, /apis/<group>[/<version>], in both the
// aggregated (apidiscovery.k8s.io/v2, v2beta1) and the legacy formats, built
// from the ResourceTable and cached until the table changes.
//
// Thread-safe. Custom resources come and go while requests are served: each
// document is built from one table snapshot (resource_table.h), so it never
// mixes two states of the table, and the aggregated documents are rebuilt on
// the first request after the table's generation moves (a CRD created,
// changed or deleted is visible to the next discovery request).
#ifndef EKSLITE_APISERVER_DISCOVERY_DISCOVERY_H_
#define EKSLITE_APISERVER_DISCOVERY_DISCOVERY_H_

#include <mutex>
#include <optional>
#include <string>

#include "apiserver/request_info.h"
#include "apiserver/resources/resource_table.h"
#include "core/http/message.h"

namespace ekslite::apiserver {

class Discovery {
 public:
  explicit Discovery(const ResourceTable& table) : table_(table) {}

  // Answers a discovery path, or nullopt when `info` is not one.
  std::optional<http::Response> Serve(const http::Request& request, const RequestInfo& info);

 private:
  struct Documents {
    uint64_t generation = ~0ULL;
    std::string aggregated_core, aggregated_apis;  // apidiscovery v2, without apiVersion prefix
    std::string legacy_api, legacy_apis;
  };

  const Documents& Current();  // EXCLUSIVE_LOCKS_REQUIRED(mu_)
  std::string ResourceList(const ResourceTable::Snapshot& table, const std::string& group,
                           const std::string& version) const;
  std::string Group(const ApiGroup& group) const;

  const ResourceTable& table_;
  std::mutex mu_;
  Documents docs_;  // GUARDED_BY(mu_)
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_DISCOVERY_DISCOVERY_H_
