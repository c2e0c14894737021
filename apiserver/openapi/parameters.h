// The parameters of API operations, as OpenAPI v3 parameter objects, with
// what each means in the project's own words. Operations list them inline
// (not as $ref): kubectl's validation gate looks for a parameter *named*
// fieldValidation on each kind's PATCH operation and does not follow
// references.
#ifndef EKSLITE_APISERVER_OPENAPI_PARAMETERS_H_
#define EKSLITE_APISERVER_OPENAPI_PARAMETERS_H_

#include <span>
#include <string_view>

#include "apiserver/openapi/json_writer.h"

namespace ekslite::apiserver::openapi {

// Query parameters of each kind of operation, in the order they are listed.
std::span<const std::string_view> ListParameters();   // list and watch
std::span<const std::string_view> WriteParameters();  // create, replace
std::span<const std::string_view> PatchParameters();
std::span<const std::string_view> DeleteParameters();
std::span<const std::string_view> DeleteCollectionParameters();
// Subresources that stream or proxy rather than take an object
// (log, exec, attach, portforward, proxy); empty for any other name.
std::span<const std::string_view> ConnectParameters(std::string_view subresource);

// Writes the query parameter `name` (one of those above, or "pretty") as a
// parameter object. An unknown name is written as an undocumented string.
void WriteQueryParameter(std::string_view name, JsonWriter& out);
// Writes the path parameter {name} of an object of `kind`.
void WriteNameParameter(std::string_view kind, JsonWriter& out);
// Writes the path parameter {namespace}.
void WriteNamespaceParameter(JsonWriter& out);

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_PARAMETERS_H_
