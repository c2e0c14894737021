#include "apiserver/openapi/custom_resource_schema.h"

#include <string_view>
#include <vector>

#include "apiserver/openapi/component_schemas.h"

namespace ekslite::apiserver::openapi {
namespace {

// The description of field `field` of meta message `message` in the built-in
// schema (apiVersion and kind read the same on every kind), or "".
std::string_view MetaDescription(std::string_view message, std::string_view field) {
  const schema::Message* m = schema::BuiltinSchema().FindMessage(message);
  if (m == nullptr) return "";
  if (field.empty()) return m->description;
  const schema::Field* f = m->FieldByJsonName(field);
  return f == nullptr ? "" : std::string_view(f->description);
}

void WriteStringProperty(std::string_view name, std::string_view description, JsonWriter& out) {
  out.Key(name);
  out.StartObject();
  out.OptionalMember("description", description);
  out.Member("type", "string");
  out.EndObject();
}

void WriteRefProperty(std::string_view name, std::string_view component,
                      std::string_view description, JsonWriter& out) {
  out.Key(name);
  out.StartObject();
  out.OptionalMember("description", description);
  out.Key("allOf");
  out.StartArray();
  out.StartObject();
  out.Member("$ref", SchemaRef(component));
  out.EndObject();
  out.EndArray();
  out.EndObject();
}

void WriteTypeMeta(JsonWriter& out) {
  WriteStringProperty("apiVersion", MetaDescription(kDeleteOptions, "apiVersion"), out);
  WriteStringProperty("kind", MetaDescription(kDeleteOptions, "kind"), out);
}

void WriteGroupVersionKind(const schema::GroupVersionKind& gvk, JsonWriter& out) {
  out.Key("x-kubernetes-group-version-kind");
  out.StartArray();
  out.StartObject();
  out.Member("group", gvk.group);
  out.Member("kind", gvk.kind);
  out.Member("version", gvk.version);
  out.EndObject();
  out.EndArray();
}

bool IsTypeMeta(std::string_view name) {
  return name == "apiVersion" || name == "kind" || name == "metadata";
}

void WriteProperties(const JsonValue* properties, JsonWriter& out) {
  out.Key("properties");
  out.StartObject();
  WriteTypeMeta(out);
  WriteRefProperty("metadata", kObjectMeta, MetaDescription(kObjectMeta, ""), out);
  if (properties != nullptr && properties->IsObject()) {
    for (const auto& m : properties->GetObject()) {
      if (IsTypeMeta(View(m.name))) continue;
      out.Key(View(m.name));
      out.Value(m.value);
    }
  }
  out.EndObject();
}

}  // namespace

std::string CustomKindComponent(const schema::GroupVersionKind& gvk) {
  std::vector<std::string_view> labels;
  std::string_view g = gvk.group;
  while (!g.empty()) {
    size_t dot = g.find('.');
    labels.push_back(g.substr(0, dot));
    g = dot == std::string_view::npos ? std::string_view() : g.substr(dot + 1);
  }
  std::string name;
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
    name.append(*it);
    name.push_back('.');
  }
  return name + gvk.version + "." + gvk.kind;
}

void WriteCustomKindSchema(const JsonValue* schema, const schema::GroupVersionKind& gvk,
                           JsonWriter& out) {
  bool usable = schema != nullptr && schema->IsObject();
  out.StartObject();
  bool typed = false;
  if (usable) {
    for (const auto& m : schema->GetObject()) {
      std::string_view key = View(m.name);
      if (key == "properties" || key == "x-kubernetes-group-version-kind") continue;
      typed = typed || key == "type";
      out.Key(key);
      out.Value(m.value);
    }
  }
  if (!typed) out.Member("type", "object");
  if (!usable) {
    out.Key("x-kubernetes-preserve-unknown-fields");
    out.Bool(true);
  }
  WriteProperties(usable ? Member(*schema, "properties") : nullptr, out);
  WriteGroupVersionKind(gvk, out);
  out.EndObject();
}

void WriteCustomListSchema(const std::string& item_component,
                           const schema::GroupVersionKind& list_gvk, JsonWriter& out) {
  out.StartObject();
  out.Member("description", "A list of " + list_gvk.kind.substr(0, list_gvk.kind.size() - 4) +
                                " objects.");
  out.Member("type", "object");
  out.Key("properties");
  out.StartObject();
  WriteTypeMeta(out);
  out.Key("items");
  out.StartObject();
  out.Member("description", "The objects in the list.");
  out.Member("type", "array");
  out.Key("items");
  out.StartObject();
  out.Member("$ref", SchemaRef(item_component));
  out.EndObject();
  out.EndObject();
  WriteRefProperty("metadata", kListMeta, MetaDescription(kListMeta, ""), out);
  out.EndObject();
  out.Strings("required", {"items"});
  WriteGroupVersionKind(list_gvk, out);
  out.EndObject();
}

}  // namespace ekslite::apiserver::openapi
