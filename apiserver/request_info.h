// RequestInfo: what an API request is about, parsed from its method and URL,
// the way upstream's request-info resolver reads a path:
//
//   /api/v1/namespaces/{ns}/{resource}[/{name}[/{subresource}]]
//   /api/v1/{resource}[/{name}[/{subresource}]]      (cluster-scoped or all namespaces)
//   /apis/{group}/{version}/... likewise
//
// Anything else (/version, /healthz, /api, /apis, /openapi/v3, ...) is a
// non-resource request.
#ifndef EKSLITE_APISERVER_REQUEST_INFO_H_
#define EKSLITE_APISERVER_REQUEST_INFO_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

namespace ekslite::apiserver {

// The decoded query string. A key may repeat (?command=a&command=b).
class Query {
 public:
  static Query Parse(std::string_view query_string);

  // The first value of `key`, or nullopt.
  std::optional<std::string> Get(std::string_view key) const;
  // The first value of `key`, or `fallback`.
  std::string GetOr(std::string_view key, std::string_view fallback) const;
  // Every value of `key`, in order.
  std::vector<std::string> GetAll(std::string_view key) const;
  bool Has(std::string_view key) const { return params_.count(std::string(key)) > 0; }
  // True for Go's spellings of true ("true", "True", "1", "t", ...) and an
  // empty value (?watch).
  bool GetBool(std::string_view key) const;

 private:
  std::multimap<std::string, std::string> params_;
};

// Percent-decodes `s` ("+" is a space in query strings when `plus_is_space`).
std::string UrlDecode(std::string_view s, bool plus_is_space);

struct RequestInfo {
  std::string path;  // without the query string
  Query query;
  bool is_resource_request = false;

  // For resource requests:
  // get, list, watch, create, update, patch, delete, deletecollection
  std::string verb;
  std::string api_prefix;  // "api" or "apis"
  std::string group;       // "" for the core group
  std::string version;
  std::string namespace_;        // "" for cluster-scoped and all-namespaces requests
  bool namespaced_path = false;  // the path had /namespaces/{ns}/
  std::string resource;
  std::string name;
  std::string subresource;
};

// Parses `request`'s method and target. Never fails: an unrecognised path is
// a non-resource request, left for the router to answer (usually 404).
RequestInfo ParseRequestInfo(const http::Request& request);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REQUEST_INFO_H_
