#include "apiserver/openapi/document.h"

#include <map>

#include "apiserver/openapi/component_schemas.h"
#include "apiserver/openapi/custom_resource_schema.h"
#include "apiserver/openapi/json_writer.h"
#include "apiserver/openapi/paths.h"

namespace ekslite::apiserver::openapi {
namespace {

bool IsCustom(const ResourceInfo& r) {
  return r.openapi_v3_schema != nullptr || r.custom_schema != nullptr;
}

// Resolves the kinds the paths name to components, and writes the
// components that were asked for.
class DocumentBuilder {
 public:
  DocumentBuilder(const std::string& group, const std::string& version,
                  const std::vector<const ResourceInfo*>& resources)
      : group_(group), version_(version), builtin_(schema::BuiltinSchema(), group, version) {
    for (const ResourceInfo* r : resources) {
      if (IsCustom(*r)) custom_.emplace(r->kind, r);
    }
    builtin_.RequireMeta();
  }

  std::string Component(const std::string& group, const std::string& version,
                        const std::string& kind) {
    if (group == group_ && version == version_) {
      if (auto it = custom_.find(kind); it != custom_.end()) return UseCustom(*it->second, false);
      if (kind.ends_with("List")) {
        auto it = custom_.find(kind.substr(0, kind.size() - 4));
        if (it != custom_.end()) return UseCustom(*it->second, true);
      }
    }
    const schema::Message* m = schema::BuiltinSchema().FindKind({group, version, kind});
    return m == nullptr ? "" : builtin_.Require(*m);
  }

  void WriteComponents(JsonWriter& out) const {
    builtin_.Write(out);
    for (const auto& [name, use] : used_custom_) {
      out.Key(name);
      schema::GroupVersionKind gvk{group_, version_, use.resource->kind};
      if (use.list) {
        gvk.kind += "List";
        WriteCustomListSchema(CustomKindComponent({group_, version_, use.resource->kind}), gvk,
                              out);
      } else {
        WriteCustomKindSchema(use.resource->openapi_v3_schema.get(), gvk, out);
      }
    }
  }

 private:
  struct CustomUse {
    const ResourceInfo* resource;
    bool list;
  };

  std::string UseCustom(const ResourceInfo& r, bool list) {
    std::string name = CustomKindComponent({group_, version_, r.kind + (list ? "List" : "")});
    used_custom_.emplace(name, CustomUse{&r, list});
    if (list) UseCustom(r, false);  // the items
    return name;
  }

  std::string group_, version_;
  ComponentSchemas builtin_;
  std::map<std::string, const ResourceInfo*> custom_;  // by kind
  std::map<std::string, CustomUse> used_custom_;       // by component
};

}  // namespace

std::string BuildGroupVersionDocument(const std::string& group, const std::string& version,
                                      const std::vector<const ResourceInfo*>& resources) {
  DocumentBuilder builder(group, version, resources);
  std::string body;
  body.reserve(256 * 1024);
  JsonWriter out(&body);
  out.StartObject();
  out.Member("openapi", "3.0.0");
  out.Key("info");
  out.StartObject();
  out.Member("title", "ekslite");
  out.Member("version", group.empty() ? version : group + "/" + version);
  out.EndObject();
  out.Key("paths");
  out.StartObject();
  WritePaths(
      resources,
      [&builder](const std::string& g, const std::string& v, const std::string& k) {
        return builder.Component(g, v, k);
      },
      out);
  out.EndObject();
  out.Key("components");
  out.StartObject();
  out.Key("schemas");
  out.StartObject();
  builder.WriteComponents(out);
  out.EndObject();
  out.EndObject();
  out.EndObject();
  return body;
}

}  // namespace ekslite::apiserver::openapi
