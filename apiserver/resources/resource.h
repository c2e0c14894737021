// ResourceInfo: everything the apiserver knows about one served resource
// (group/version/resource): its discovery entry, where it is stored, which
// field selectors it supports, its Table columns, and the per-resource rules
// (defaulting, validation, status handling) the generic registry applies.
//
// The field-level schema (types, protobuf numbers, patch keys) is in
// core/schema; this is the resource-level half.
#ifndef EKSLITE_APISERVER_RESOURCES_RESOURCE_H_
#define EKSLITE_APISERVER_RESOURCES_RESOURCE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/http/message.h"
#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::apiserver {

struct RequestScope;  // apiserver/handlers/scope.h

// Serves one request about a resource or subresource the generic handlers
// do not (scale, token, binding, reviews, ...).
using RequestHandler = std::function<http::Response(const RequestScope& scope)>;

struct SubresourceInfo {
  std::string name;                  // "status", "scale", "binding", "log", ...
  std::string group, version, kind;  // the kind it takes and returns
  std::vector<std::string> verbs;
};

// A Table column (meta.k8s.io/v1 TableColumnDefinition). priority 1 columns
// appear only with `kubectl get -o wide`.
struct PrinterColumn {
  std::string name;
  std::string type;    // "string", "integer", "date", ...
  std::string format;  // "name" for the Name column
  std::string description;
  int priority = 0;
};

// Appends one row's cells (each a JSON value: a string or a number) for `object`.
using RowPrinter = std::function<void(const JsonValue& object, Clock::time_point now,
                                      std::vector<std::string>* cells)>;

// Extracts a field-selector value from an object; nullopt when the object has
// no such field (it then compares as "").
using FieldGetter = std::function<std::optional<std::string>(const JsonValue& object)>;

struct FieldSelectorSpec {
  std::string label;  // "spec.nodeName"
  FieldGetter get;
};

// What a write sees about its context.
struct WriteContext {
  Clock::time_point now;
  std::string namespace_;
  std::string user;
  // Which part of the object the write is for: "" (the object), "status",
  // or another subresource that writes through the registry ("binding").
  std::string subresource;
};

// Per-resource rules. Every hook is optional.
struct Strategy {
  // Sets defaults and server-owned fields on a new object (before
  // validation). An error (kInvalid, say) refuses the create.
  std::function<Status(Json& object, const WriteContext& ctx)> prepare_for_create;
  // Adjusts an updated object given the stored one (before validation).
  std::function<Status(Json& object, const JsonValue& old, const WriteContext& ctx)>
      prepare_for_update;
  // Validates a new or updated object (`old` is null on create). Returns
  // kInvalid with causes, or OK.
  std::function<Status(const JsonValue& object, const JsonValue* old)> validate;
  // Called when a delete is requested: marks the object as terminating the
  // resource's way (a namespace's phase, a pod's grace period) and returns
  // true when the deletion must wait (beyond metadata.finalizers).
  // `grace_seconds` is the request's gracePeriodSeconds, if any.
  std::function<bool(Json& object, std::optional<int64_t> grace_seconds, const WriteContext& ctx)>
      begin_delete;
  // True while something other than metadata.finalizers holds a terminating
  // object (a namespace's spec.finalizers).
  std::function<bool(const JsonValue& object)> holds_deletion;
};

// Converts an object between its stored form and a served version (for
// resources served in several versions or groups from one storage).
using Converter = std::function<Json(const JsonValue& object)>;

struct ResourceInfo {
  std::string group;  // "" = core
  std::string version;
  std::string resource;  // plural, lower case
  std::string singular;
  std::string kind;
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> verbs;
  std::vector<SubresourceInfo> subresources;

  // Storage identity: resources served in several versions share one.
  std::string storage_group;     // defaults to `group`
  std::string storage_resource;  // defaults to `resource`
  std::string storage_version;   // defaults to `version`
  // Set when this served version differs from the stored one.
  Converter from_storage;
  Converter to_storage;
  // For a version of a custom resource other than its storage version: the
  // entry its objects are written through (ResourceTable::StorageVersionOf).
  // Holding it keeps it alive while the CRD changes. Null otherwise.
  std::shared_ptr<const ResourceInfo> storage_info;

  // The object has spec and status; metadata.generation tracks spec changes
  // and the main resource ignores status changes when `status` is a subresource.
  bool has_status = false;
  bool tracks_generation = false;
  // DELETE answers with the deleted object rather than a Success Status.
  bool return_deleted_object = false;

  std::vector<FieldSelectorSpec> field_selectors;  // besides metadata.name/namespace
  // Table columns and the printer of their cells; when `row` is unset the
  // table has Name and Age.
  std::vector<PrinterColumn> columns;
  RowPrinter row;

  Strategy strategy;

  // The schema of the objects (null: the built-in schema). Custom resources
  // carry the one made from their CRD version's openAPIV3Schema.
  std::shared_ptr<const schema::Schema> custom_schema;
  // For custom resources: the version's openAPIV3Schema as written in the CRD
  // (OpenAPI documents are made from it); null for built-ins.
  std::shared_ptr<const Json> openapi_v3_schema;
  // Handlers of subresources beyond status (e.g. "scale", "token",
  // "binding"); the generic handlers serve "" and "status".
  std::map<std::string, RequestHandler> subresource_handlers;
  // For resources that are not stored (TokenReview, SubjectAccessReview, ...):
  // serves POST. Such resources have no cache.
  RequestHandler create_handler;
  // Called after a create, update, patch, delete or deletecollection of this
  // resource served through the API succeeded, before the response is sent
  // (ClusterRole aggregation keeps derived objects current this way).
  std::function<void()> after_write;

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  // The schema the objects follow, and the message of the kind in it (null
  // when the schema does not know the kind).
  const schema::Schema& Schema() const {
    return custom_schema ? *custom_schema : schema::BuiltinSchema();
  }
  const schema::Message* Message() const {
    return Schema().FindKind(schema::GroupVersionKind{group, version, kind});
  }
  bool HasSubresource(std::string_view name) const;
  bool HasVerb(std::string_view verb) const;
};

// The verbs of an ordinary resource.
std::vector<std::string> StandardVerbs();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_RESOURCE_H_
