// The output side of resource handlers: content negotiation (JSON, Table,
// PartialObjectMetadata), conversion to the served version, and the bodies of
// objects and lists.
#ifndef EKSLITE_APISERVER_HANDLERS_OUTPUT_H_
#define EKSLITE_APISERVER_HANDLERS_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "apiserver/cache/cached_object.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {

enum class OutputKind { kJson, kTable, kPartialMetadata };

struct Output {
  OutputKind kind = OutputKind::kJson;
  IncludeObject include = IncludeObject::kMetadata;  // for tables
};

// Picks the output from the Accept header (and ?includeObject=). kNotAcceptable
// when nothing acceptable is offered.
StatusOr<Output> NegotiateOutput(const RequestScope& scope);

// `stored` (an object as the cache holds it) in the served version.
std::string Served(const RequestScope& scope, std::string_view stored);
// The resource objects are written as: the request's, or its storage version
// when the request's converts (events.k8s.io/v1 Events are core/v1 Events).
const ResourceInfo& StoredResource(const RequestScope& scope);
// `served` (a request body in the served version) in the stored version.
Json ToStored(const RequestScope& scope, Json served);

// The response for one object (get, create, update, patch, delete).
http::Response ObjectResponse(const RequestScope& scope, const Output& output,
                              std::string_view stored, int code);

struct ListPage {
  std::vector<ObjectPtr> items;
  std::string resource_version;
  std::string continue_token;
  int64_t remaining = -1;
};

// The response for a list.
http::Response ListResponse(const RequestScope& scope, const Output& output, const ListPage& page);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_OUTPUT_H_
