#include "apiserver/openapi/component_schemas.h"

#include <utility>

namespace ekslite::apiserver::openapi {
namespace {

using schema::Cardinality;
using schema::Field;
using schema::Message;
using schema::Type;

// The fields a message shows in JSON: its own, with inline messages' fields
// in place of the inline field.
void Flatten(const Message& message, std::vector<const Field*>* out) {
  for (const Field& f : message.fields) {
    if (f.inline_json && f.message_type != nullptr) {
      Flatten(*f.message_type, out);
    } else {
      out->push_back(&f);
    }
  }
}

// The list field a list-wrapper message stands for in JSON, or null.
const Field* WrappedList(const Message* message) {
  if (message == nullptr || message->list_wrapper.empty()) return nullptr;
  return message->FieldByJsonName(message->list_wrapper);
}

bool HasExtensions(const Field& f) {
  return !f.patch_strategy.empty() || !f.patch_merge_key.empty() || !f.list_type.empty() ||
         !f.map_type.empty();
}

void WriteExtensions(const Field& f, JsonWriter& out) {
  out.OptionalMember("x-kubernetes-patch-strategy", f.patch_strategy);
  out.OptionalMember("x-kubernetes-patch-merge-key", f.patch_merge_key);
  out.OptionalMember("x-kubernetes-list-type", f.list_type);
  if (!f.list_map_keys.empty()) out.Strings("x-kubernetes-list-map-keys", f.list_map_keys);
  out.OptionalMember("x-kubernetes-map-type", f.map_type);
}

}  // namespace

std::string SchemaRef(std::string_view component) {
  return "#/components/schemas/" + std::string(component);
}

ComponentSchemas::ComponentSchemas(const schema::Schema& schema, std::string group,
                                   std::string version)
    : schema_(schema), group_(std::move(group)), version_(std::move(version)) {
  for (const auto& [gvk, message] : schema_.Kinds()) kinds_[message].push_back(gvk);
  for (auto& [message, gvks] : kinds_) {
    bool meta = false;
    bool here = false;
    for (const schema::GroupVersionKind& g : gvks) {
      meta = meta || g.group == "meta.k8s.io";
      here = here || (g.group == group_ && g.version == version_);
    }
    if (meta && !here) gvks.push_back({group_, version_, gvks.front().kind});
  }
}

const std::string& ComponentSchemas::Require(const Message& message) {
  if (messages_.emplace(message.name, &message).second) {
    std::vector<const Field*> fields;
    Flatten(message, &fields);
    for (const Field* f : fields) RequireType(*f);
  }
  return message.name;
}

bool ComponentSchemas::Require(std::string_view name) {
  const Message* m = schema_.FindMessage(name);
  if (m != nullptr) Require(*m);
  return m != nullptr;
}

void ComponentSchemas::RequireMeta() {
  for (std::string_view name : {kObjectMeta, kListMeta, kStatus, kDeleteOptions, kWatchEvent}) {
    Require(name);
  }
  patch_ = true;
}

void ComponentSchemas::RequireType(const Field& field) {
  Named named;
  if (NamedOf(field.type, &named)) {
    named_.insert(named);
  } else if (field.type == Type::kMessage && field.message_type != nullptr) {
    if (const Field* list = WrappedList(field.message_type)) {
      RequireType(*list);
    } else {
      Require(*field.message_type);
    }
  }
}

void ComponentSchemas::Write(JsonWriter& out) const {
  for (const auto& [name, message] : messages_) {
    out.Key(name);
    WriteMessage(*message, out);
  }
  for (Named named : named_) {
    out.Key(NamedComponent(named));
    WriteNamed(named, out);
  }
  if (patch_) {
    out.Key(kPatch);
    out.StartObject();
    out.Member("description",
               "A change to an object, in the format its Content-Type names: a JSON patch, a "
               "JSON merge patch, a strategic merge patch or a server-side apply configuration.");
    out.Member("type", "object");
    out.EndObject();
  }
}

void ComponentSchemas::WriteMessage(const Message& message, JsonWriter& out) const {
  std::vector<const Field*> fields;
  Flatten(message, &fields);
  out.StartObject();
  out.OptionalMember("description", message.description);
  out.Member("type", "object");
  out.Key("properties");
  out.StartObject();
  for (const Field* f : fields) {
    out.Key(f->json_name);
    WriteProperty(*f, out);
  }
  out.EndObject();
  std::vector<std::string> required;
  for (const Field* f : fields) {
    if (f->required) required.push_back(f->json_name);
  }
  if (!required.empty()) out.Strings("required", required);
  out.OptionalMember("x-kubernetes-map-type", message.map_type);
  if (message.preserve_unknown_fields) {
    out.Key("x-kubernetes-preserve-unknown-fields");
    out.Bool(true);
  }
  auto kinds = kinds_.find(&message);
  if (kinds != kinds_.end()) {
    out.Key("x-kubernetes-group-version-kind");
    out.StartArray();
    for (const schema::GroupVersionKind& gvk : kinds->second) {
      out.StartObject();
      out.Member("group", gvk.group);
      out.Member("kind", gvk.kind);
      out.Member("version", gvk.version);
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
}

void ComponentSchemas::WriteProperty(const Field& f, JsonWriter& out) const {
  out.StartObject();
  out.OptionalMember("description", f.description);
  if (f.cardinality == Cardinality::kList) {
    out.Member("type", "array");
    out.Key("items");
    WriteValue(f, out);
  } else if (f.cardinality == Cardinality::kMap) {
    out.Member("type", "object");
    out.Key("additionalProperties");
    WriteValue(f, out);
  } else {
    WriteValueMembers(f, /*element=*/false, out);
  }
  if (!f.default_json.empty()) {
    out.Key("default");
    out.Raw(f.default_json);
  }
  WriteExtensions(f, out);
  out.EndObject();
}

void ComponentSchemas::WriteValue(const Field& field, JsonWriter& out) const {
  out.StartObject();
  WriteValueMembers(field, /*element=*/true, out);
  out.EndObject();
}

void ComponentSchemas::WriteValueMembers(const Field& f, bool element, JsonWriter& out) const {
  // A reference stands alone unless the property adds to it; then it goes
  // through allOf, since siblings of $ref are ignored.
  auto ref = [&](std::string_view component) {
    bool alone = element || (f.description.empty() && f.default_json.empty() && !HasExtensions(f));
    if (!alone) {
      out.Key("allOf");
      out.StartArray();
      out.StartObject();
    }
    out.Member("$ref", SchemaRef(component));
    if (!alone) {
      out.EndObject();
      out.EndArray();
    }
  };
  Named named;
  if (NamedOf(f.type, &named)) return ref(NamedComponent(named));
  switch (f.type) {
    case Type::kMessage:
      if (const Field* list = WrappedList(f.message_type)) {
        out.Member("type", "array");
        out.Key("items");
        return WriteValue(*list, out);
      }
      return ref(f.message);
    case Type::kBool:
      return out.Member("type", "boolean");
    case Type::kInt32:
    case Type::kInt64:
      out.Member("type", "integer");
      return out.Member("format", f.type == Type::kInt32 ? "int32" : "int64");
    case Type::kDouble:
      out.Member("type", "number");
      return out.Member("format", "double");
    case Type::kBytes:
      out.Member("type", "string");
      return out.Member("format", "byte");
    default:
      out.Member("type", "string");
      if (!f.enum_values.empty() && (element || f.cardinality == Cardinality::kSingle)) {
        out.Strings("enum", f.enum_values);
      }
      return;
  }
}

bool ComponentSchemas::NamedOf(Type type, Named* named) {
  switch (type) {
    case Type::kQuantity:
      *named = Named::kQuantity;
      return true;
    case Type::kTime:
      *named = Named::kTime;
      return true;
    case Type::kMicroTime:
      *named = Named::kMicroTime;
      return true;
    case Type::kIntOrString:
      *named = Named::kIntOrString;
      return true;
    case Type::kRawExtension:
      *named = Named::kRawExtension;
      return true;
    case Type::kFieldsV1:
      *named = Named::kFieldsV1;
      return true;
    case Type::kJson:
      *named = Named::kJson;
      return true;
    default:
      return false;
  }
}

std::string_view ComponentSchemas::NamedComponent(Named named) {
  switch (named) {
    case Named::kQuantity:
      return "io.k8s.apimachinery.pkg.api.resource.Quantity";
    case Named::kTime:
      return "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    case Named::kMicroTime:
      return "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    case Named::kIntOrString:
      return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    case Named::kRawExtension:
      return "io.k8s.apimachinery.pkg.runtime.RawExtension";
    case Named::kFieldsV1:
      return "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    case Named::kJson:
      return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON";
  }
  return "";
}

void ComponentSchemas::WriteNamed(Named named, JsonWriter& out) {
  out.StartObject();
  auto alternatives = [&](std::string_view a, std::string_view b) {
    out.Key("oneOf");
    out.StartArray();
    for (std::string_view t : {a, b}) {
      out.StartObject();
      out.Member("type", t);
      out.EndObject();
    }
    out.EndArray();
  };
  switch (named) {
    case Named::kQuantity:
      out.Member("description",
                 "An amount of a resource, as a decimal number with an optional suffix: binary "
                 "(Ki, Mi, Gi, Ti, Pi, Ei), decimal (k, M, G, T, P, E) or milli (m), e.g. \"500m\" "
                 "CPU or \"128Mi\" memory. Plain numbers are accepted too.");
      alternatives("string", "number");
      break;
    case Named::kTime:
    case Named::kMicroTime:
      out.Member("description", named == Named::kTime
                                    ? "A point in time in RFC 3339 form, to the second, in UTC."
                                    : "A point in time in RFC 3339 form, to the microsecond.");
      out.Member("type", "string");
      out.Member("format", "date-time");
      break;
    case Named::kIntOrString:
      out.Member("description",
                 "Either a whole number or a string; strings usually name a port or give a "
                 "percentage such as \"25%\".");
      out.Member("format", "int-or-string");
      alternatives("integer", "string");
      break;
    case Named::kRawExtension:
      out.Member("description", "A complete embedded object of any kind, as JSON.");
      out.Member("type", "object");
      break;
    case Named::kFieldsV1:
      out.Member("description",
                 "The set of fields a manager owns, as a tree of JSON keys (\"f:<name>\" for a "
                 "field, \"k:<keys>\" for a list item, \"v:<value>\" for a set value).");
      out.Member("type", "object");
      break;
    case Named::kJson:
      out.Member("description", "Any JSON value: an object, array, string, number or boolean.");
      break;
  }
  out.EndObject();
}

}  // namespace ekslite::apiserver::openapi
