// Component schemas of custom resources, made from the openAPIV3Schema of
// their CRD version (ResourceInfo::openapi_v3_schema), the way upstream
// publishes them: the schema as the CRD wrote it, with apiVersion, kind and
// metadata (a $ref to ObjectMeta) described as on built-in kinds, and
// x-kubernetes-group-version-kind; plus a <Kind>List component.
#ifndef EKSLITE_APISERVER_OPENAPI_CUSTOM_RESOURCE_SCHEMA_H_
#define EKSLITE_APISERVER_OPENAPI_CUSTOM_RESOURCE_SCHEMA_H_

#include <string>

#include "apiserver/openapi/json_writer.h"
#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::apiserver::openapi {

// The component name of a custom kind: the group's labels reversed, then the
// version and kind ("widgets.example.com" group "example.com", v1 Widget ->
// "com.example.v1.Widget").
std::string CustomKindComponent(const schema::GroupVersionKind& gvk);

// Writes the component of custom kind `gvk` from its openAPIV3Schema
// (`schema`; null or not an object: a schema that accepts any fields).
// References ObjectMeta, which the document must carry.
void WriteCustomKindSchema(const JsonValue* schema, const schema::GroupVersionKind& gvk,
                           JsonWriter& out);

// Writes the component of the list kind `list_gvk` whose items are the
// component `item_component`. References ListMeta.
void WriteCustomListSchema(const std::string& item_component,
                           const schema::GroupVersionKind& list_gvk, JsonWriter& out);

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_CUSTOM_RESOURCE_SCHEMA_H_
