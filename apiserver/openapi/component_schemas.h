// ComponentSchemas: the `components.schemas` of an OpenAPI v3 document, made
// from the API schema (core/schema, DESIGN.md decision 1).
//
// Each message becomes one component named by the message's full name
// ("io.k8s.api.apps.v1.DeploymentSpec"), with its fields as properties in
// the shape upstream serves and kubectl reads:
//   - type/format for scalars (int32, int64, double, byte), `$ref` to a named
//     component for quantities, times, int-or-strings, raw extensions and
//     managed fields, and `$ref` to the field's message, wrapped in `allOf`
//     when the property carries its own description, default or extensions;
//   - `required`, `default`, `enum`, and the extensions strategic merge patch
//     and server-side apply read: x-kubernetes-patch-strategy,
//     x-kubernetes-patch-merge-key, x-kubernetes-list-type,
//     x-kubernetes-list-map-keys, x-kubernetes-map-type;
//   - x-kubernetes-group-version-kind on messages that serve a kind.
// Inline (embedded) messages are flattened into their parent, as in JSON.
//
// Not thread-safe; one instance builds one document.
#ifndef EKSLITE_APISERVER_OPENAPI_COMPONENT_SCHEMAS_H_
#define EKSLITE_APISERVER_OPENAPI_COMPONENT_SCHEMAS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/openapi/json_writer.h"
#include "core/schema/schema.h"

namespace ekslite::apiserver::openapi {

// The "#/components/schemas/<component>" reference.
std::string SchemaRef(std::string_view component);

// Component names of the meta types every document carries.
inline constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
inline constexpr std::string_view kListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
inline constexpr std::string_view kStatus = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
inline constexpr std::string_view kDeleteOptions =
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
inline constexpr std::string_view kWatchEvent = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
inline constexpr std::string_view kPatch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

class ComponentSchemas {
 public:
  // `schema` must outlive this object. `group`/`version` are the document's:
  // meta kinds (Status, DeleteOptions, WatchEvent, ...) list it among their
  // group-version-kinds, as they are served in every group.
  ComponentSchemas(const schema::Schema& schema, std::string group, std::string version);

  ComponentSchemas(const ComponentSchemas&) = delete;
  ComponentSchemas& operator=(const ComponentSchemas&) = delete;

  // Adds `message` and everything it references; returns its component name.
  const std::string& Require(const schema::Message& message);
  // Adds the message named `name` if the schema has it; returns whether it does.
  bool Require(std::string_view name);
  // Adds the meta components every document needs (ObjectMeta, ListMeta,
  // Status, DeleteOptions, WatchEvent, Patch).
  void RequireMeta();

  // Writes every added component as a member ("name": {...}) of the object
  // being written.
  void Write(JsonWriter& out) const;

 private:
  enum class Named { kQuantity, kTime, kMicroTime, kIntOrString, kRawExtension, kFieldsV1, kJson };

  void RequireType(const schema::Field& field);
  void WriteMessage(const schema::Message& message, JsonWriter& out) const;
  void WriteProperty(const schema::Field& field, JsonWriter& out) const;
  // Writes the members describing one value of the field's type (the field
  // itself for a single field, one element for a list or map).
  void WriteValueMembers(const schema::Field& field, bool element, JsonWriter& out) const;
  void WriteValue(const schema::Field& field, JsonWriter& out) const;
  static void WriteNamed(Named named, JsonWriter& out);
  static bool NamedOf(schema::Type type, Named* named);
  static std::string_view NamedComponent(Named named);

  const schema::Schema& schema_;
  std::string group_, version_;
  std::map<std::string_view, const schema::Message*> messages_;  // by name
  std::set<Named> named_;
  bool patch_ = false;
  std::map<const schema::Message*, std::vector<schema::GroupVersionKind>> kinds_;
};

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_COMPONENT_SCHEMAS_H_
