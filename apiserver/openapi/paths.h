// The `paths` of a group-version's OpenAPI v3 document: for each resource,
// its collection, object, subresource and (deprecated) watch paths, with one
// operation per verb the resource serves (get, list, watch, create, update,
// patch, delete, deletecollection; connect-style subresources such as log
// and exec), their query parameters, request bodies (PATCH in the four patch
// media types, three for custom resources, which refuse strategic merge
// patch) and responses.
//
// Every operation about a kind carries x-kubernetes-group-version-kind and
// x-kubernetes-action; every PATCH declares fieldValidation, which kubectl's
// validation gate requires (shared/reference/clients.md §D.1).
#ifndef EKSLITE_APISERVER_OPENAPI_PATHS_H_
#define EKSLITE_APISERVER_OPENAPI_PATHS_H_

#include <functional>
#include <string>
#include <vector>

#include "apiserver/openapi/json_writer.h"
#include "apiserver/resources/resource.h"

namespace ekslite::apiserver::openapi {

// The component describing kind group/version/kind in the document being
// built, or "" when it has none. Called once per reference; registers the
// component for output.
using KindComponent = std::function<std::string(const std::string& group,
                                                const std::string& version,
                                                const std::string& kind)>;

// Writes the members of the "paths" object for `resources`, all of one
// group-version, in path order.
void WritePaths(const std::vector<const ResourceInfo*>& resources, const KindComponent& component,
                JsonWriter& out);

// "Core" for the core group; otherwise the group without ".k8s.io", each
// dot- or dash-separated part capitalised ("rbac.authorization.k8s.io" ->
// "RbacAuthorization"), as operation ids spell it.
std::string GroupIdentifier(const std::string& group);

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_PATHS_H_
