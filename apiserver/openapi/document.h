// The OpenAPI v3 document of one group-version (what GET
// /openapi/v3/apis/<group>/<version> returns): the paths of every resource
// served there, and the component schemas those paths reach, generated from
// the API schema for built-in kinds and from the CRD's openAPIV3Schema for
// custom resources. The meta types (ObjectMeta, ListMeta, Status,
// DeleteOptions, WatchEvent, Patch) are always present.
#ifndef EKSLITE_APISERVER_OPENAPI_DOCUMENT_H_
#define EKSLITE_APISERVER_OPENAPI_DOCUMENT_H_

#include <string>
#include <vector>

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver::openapi {

// Returns the document as compact JSON. `resources` are those the table
// serves in group/version; they must stay valid during the call.
std::string BuildGroupVersionDocument(const std::string& group, const std::string& version,
                                      const std::vector<const ResourceInfo*>& resources);

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_DOCUMENT_H_
