#include "apiserver/crd/custom_resource_info.h"

#include "apiserver/crd/custom_resource_strategy.h"
#include "apiserver/crd/printer_columns.h"
#include "apiserver/handlers/scale.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/resources/builtin.h"
#include "core/schema/openapi_import.h"
#include "core/schema/structural_defaulting.h"

namespace ekslite::apiserver {
namespace {

// "widgets.example.com" + "v1" -> "com.example.widgets.v1", a message prefix.
std::string MessagePrefix(const CrdModel& crd, const std::string& version) {
  std::string out;
  std::string_view g = crd.group;
  while (!g.empty()) {
    size_t dot = g.rfind('.');
    std::string_view part = dot == std::string_view::npos ? g : g.substr(dot + 1);
    out += (out.empty() ? "" : ".") + std::string(part);
    g = dot == std::string_view::npos ? std::string_view() : g.substr(0, dot);
  }
  return out + "." + crd.accepted_names.plural + "." + version;
}

Json Relabel(const JsonValue& object, const std::string& api_version) {
  Json out;
  out.CopyFrom(object, out.GetAllocator());
  if (out.IsObject()) SetString(out, "apiVersion", api_version, out.GetAllocator());
  return out;
}

// Conversion "None": an object changes version by its apiVersion alone. On
// the way in it is pruned and defaulted with the request version's schema
// and relabelled as the storage version; on the way out it is relabelled as
// the served version and defaulted with its schema (upstream defaults on
// every read, so objects stored before a default was added get it, and
// objects stored under an earlier storage version read right).
void Convert(ResourceInfo* info, const std::string& storage_api_version,
             std::shared_ptr<const CustomResourceRules> rules) {
  std::string own = info->ApiVersion();
  info->to_storage = [rules, storage_api_version](const JsonValue& object) {
    Json out = Relabel(object, std::string(StringAt(object, "apiVersion")));
    DecodeCustomResource(out, *rules);
    SetString(out, "apiVersion", storage_api_version, out.GetAllocator());
    return out;
  };
  info->from_storage = [rules, own](const JsonValue& object) {
    Json out = Relabel(object, own);
    if (rules->message != nullptr) {
      schema::ApplyDefaults(out, *rules->message, out.GetAllocator());
    }
    return out;
  };
}

void AddScale(const CrdScale& scale, ResourceInfo* info) {
  auto strip = [](const std::string& p) { return p.starts_with(".") ? p.substr(1) : p; };
  ScaleTarget target;
  target.spec_replicas = strip(scale.spec_replicas_path);
  target.status_replicas = strip(scale.status_replicas_path);
  if (!scale.label_selector_path.empty()) {
    target.selector = SelectorFromString(strip(scale.label_selector_path));
  }
  info->subresources.push_back(ScaleSubresource());
  // A scale write changes the stored object: through the storage version's
  // entry, whichever version the request named (the Scale carries no
  // apiVersion of the object to convert).
  RequestHandler scale_handler = ScaleHandler(std::move(target));
  info->subresource_handlers["scale"] = [scale_handler](const RequestScope& scope) {
    const ResourceInfo& stored = scope.registry.table()->StorageVersionOf(scope.resource);
    if (&stored == &scope.resource) return scale_handler(scope);
    RequestScope at_storage{scope.request,  scope.info,   stored,       scope.user,
                            scope.registry, scope.schema, scope.timers, scope.bookmark_interval,
                            scope.warnings};
    return scale_handler(at_storage);
  };
}

StatusOr<ResourceInfo> VersionInfo(const CrdModel& crd, const CrdVersion& v,
                                   std::shared_ptr<const std::atomic<bool>> terminating,
                                   std::shared_ptr<const CustomResourceRules>* rules_out) {
  const CrdNames& names = crd.accepted_names;
  ResourceInfo info =
      NewResource(crd.group, v.name, names.plural, names.singular, names.kind, crd.namespaced);
  info.short_names = names.short_names;
  info.categories = names.categories;
  schema::OpenApiImportOptions options{{crd.group, v.name, names.kind}, MessagePrefix(crd, v.name)};
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<schema::Schema> imported,
                       schema::ImportOpenApiSchema(v.schema.get(), options));
  info.custom_schema = std::shared_ptr<const schema::Schema>(std::move(imported));
  info.openapi_v3_schema = v.schema;
  info.has_status = v.status_subresource;
  info.tracks_generation = true;
  if (v.status_subresource) info.subresources.push_back(StatusSubresource(info));
  if (v.scale) AddScale(*v.scale, &info);
  for (const std::string& path : v.selectable_fields) {
    info.field_selectors.push_back(FieldAt(path.starts_with(".") ? path.substr(1) : path));
  }
  EKS_RETURN_IF_ERROR(UsePrinterColumns(v.columns, &info));
  CustomResourceRules rules;
  rules.group = crd.group;
  rules.kind = names.kind;
  rules.schema = info.custom_schema;
  rules.message = info.Message();
  rules.status_subresource = v.status_subresource;
  rules.scale = v.scale;
  rules.terminating = std::move(terminating);
  auto shared = std::make_shared<const CustomResourceRules>(std::move(rules));
  info.strategy = CustomResourceStrategy(*shared);
  *rules_out = shared;
  return info;
}

}  // namespace

StatusOr<CustomResourceInfos> BuildCustomResourceInfos(
    const CrdModel& crd, std::shared_ptr<const std::atomic<bool>> terminating) {
  CustomResourceInfos out;
  std::vector<const CrdVersion*> served = crd.ServedVersions();
  if (served.empty()) return out;
  const CrdVersion* storage = crd.StorageVersion();
  if (storage == nullptr || !storage->served) storage = served.front();
  out.storage_version = storage->name;
  std::string storage_api_version = crd.group + "/" + storage->name;
  for (const CrdVersion* v : served) {
    std::shared_ptr<const CustomResourceRules> rules;
    EKS_ASSIGN_OR_RETURN(ResourceInfo info, VersionInfo(crd, *v, terminating, &rules));
    info.storage_group = crd.group;
    info.storage_resource = crd.accepted_names.plural;
    info.storage_version = storage->name;
    Convert(&info, storage_api_version, rules);
    out.versions.push_back(std::move(info));
  }
  return out;
}

}  // namespace ekslite::apiserver
