// OpenApiService: the OpenAPI endpoints kubectl and helm use for validation,
// client-side apply and `kubectl explain` (shared/reference/clients.md §D):
//
//   GET /openapi/v3                    the index: {"paths":{"api/v1":
//                                      {"serverRelativeURL":"/openapi/v3/api/v1?hash=H"},...}}
//   GET /openapi/v3/api/v1             one group-version document (document.h);
//   GET /openapi/v3/apis/<g>/<v>       `?hash=` optional
//   GET /openapi/v2                    404: v2 is protobuf-only, and a JSON answer
//                                      would break kubectl's fallback to it
//
// Documents are generated from the ResourceTable once per change of its
// generation() (only the group-versions whose resources changed are rebuilt)
// and served from memory, gzip-compressed (also built once) to clients that
// accept it. StartPrebuild builds the first set off the request path. Every document has an ETag (its hash, an upper-case
// hex SHA-512 of the body) and answers a matching If-None-Match with 304.
// With the current ?hash= the response may be cached forever
// (Cache-Control: public, immutable); with a stale hash it redirects (301) to
// the current URL; without one it is `no-cache, private`.
#ifndef EKSLITE_APISERVER_OPENAPI_OPENAPI_SERVICE_H_
#define EKSLITE_APISERVER_OPENAPI_OPENAPI_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "apiserver/request_info.h"
#include "apiserver/resources/resource_table.h"
#include "core/clock.h"
#include "core/http/message.h"

namespace ekslite::apiserver {

class OpenApiService {
 public:
  // `table` and `clock` must outlive the service.
  OpenApiService(const ResourceTable& table, Clock& clock) : table_(table), clock_(clock) {}

  // Waits for the prebuild thread.
  ~OpenApiService();
  OpenApiService(const OpenApiService&) = delete;
  OpenApiService& operator=(const OpenApiService&) = delete;

  // Answers a request for a path under /openapi/, or nullopt for any other
  // path. Paths under /openapi/ that name no document get 404, methods other
  // than GET 405, an Accept header that excludes JSON 406.
  // Thread-safe; a request that finds the table changed rebuilds the changed
  // documents first (the others wait for it).
  std::optional<http::Response> Serve(const http::Request& request, const RequestInfo& info);

  // Builds every document in a background thread, so that the first client
  // does not wait for it. Call once the table is complete; idempotent.
  void StartPrebuild();

  // The current body and hash of the document at `path` ("api/v1",
  // "apis/apps/v1"), or nullopt when no such group-version is served.
  // Thread-safe.
  struct Document {
    std::string body;
    std::string hash;
  };
  std::optional<Document> Find(const std::string& path);

 private:
  struct Built;
  struct Snapshot;

  std::shared_ptr<const Snapshot> Current();
  // The document of group/version: the current snapshot's when its resources
  // are unchanged, else a new one. EXCLUSIVE_LOCKS_REQUIRED(mu_)
  std::shared_ptr<const Built> Build(const ResourceTable::Snapshot& table, const std::string& group,
                                     const std::string& version, const std::string& path) const;
  http::Response ServeDocument(const http::Request& request, const RequestInfo& info,
                               const std::string& body, const std::string& gzip,
                               const std::string& hash, const std::string& path);

  const ResourceTable& table_;
  Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // GUARDED_BY(mu_)
  std::thread prebuild_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_OPENAPI_OPENAPI_SERVICE_H_
