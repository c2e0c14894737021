// ImportOpenApiSchema: an OpenAPI v3 structural schema into Messages and
// Fields (mapping in openapi_import.h).
#include "core/schema/openapi_import.h"

#include <set>

namespace ekslite::schema {
namespace {

constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

bool BoolAt(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  return v != nullptr && v->IsBool() && v->GetBool();
}

std::optional<double> NumberAt(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

std::optional<int64_t> CountAt(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  return v->IsInt64() ? v->GetInt64() : static_cast<int64_t>(v->GetDouble());
}

std::set<std::string, std::less<>> RequiredOf(const JsonValue& node) {
  std::set<std::string, std::less<>> out;
  const JsonValue* r = Member(node, "required");
  if (r == nullptr || !r->IsArray()) return out;
  for (const JsonValue& v : r->GetArray()) {
    if (v.IsString()) out.emplace(View(v));
  }
  return out;
}

const JsonValue* SchemaMember(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  return v != nullptr && v->IsObject() ? v : nullptr;
}

Field StringField(std::string name) {
  Field f;
  f.json_name = std::move(name);
  f.type = Type::kString;
  return f;
}

// Walks one schema, adding its messages to an assembler.
class Importer {
 public:
  explicit Importer(SchemaAssembler& assembler) : assembler_(assembler) {}

  Status OneField(const JsonValue& node, const std::string& name, Field* f) {
    return FillField(node, name, f, 0);
  }

  Status Root(const JsonValue* root, const OpenApiImportOptions& options) {
    Message* m = assembler_.AddMessage(options.message_prefix + "." + options.gvk.kind);
    if (root == nullptr) {
      m->preserve_unknown_fields = true;
      AddTypeMeta(m, nullptr);
    } else {
      EKS_RETURN_IF_ERROR(FillMessage(*root, m, /*resource=*/true, /*root=*/true, 0));
    }
    assembler_.AddKind(options.gvk, m);
    return Status::Ok();
  }

 private:
  Status Depth(int depth) const {
    if (depth > kMaxOpenApiSchemaDepth) return Status::Invalid("the schema nests too deeply");
    return Status::Ok();
  }

  Status FillMessage(const JsonValue& node, Message* m, bool resource, bool root, int depth);
  Status FillField(const JsonValue& node, const std::string& name, Field* f, int depth);
  Status FillElement(const JsonValue* items, const std::string& name, Field* f, int depth);
  StatusOr<std::shared_ptr<const Constraints>> ConstraintsOf(const JsonValue& node,
                                                             const std::string& name, int depth);
  StatusOr<std::shared_ptr<const Field>> Branch(const JsonValue& node, const std::string& name,
                                                int depth);
  Status Branches(const JsonValue& node, std::string_view key, const std::string& name,
                  int depth, std::vector<std::shared_ptr<const Field>>* out);
  void AddTypeMeta(Message* m, const JsonValue* metadata_schema);

  SchemaAssembler& assembler_;
};

// apiVersion, kind and metadata, unless the schema declared them (apiVersion
// and kind keep their declared constraints; metadata is always ObjectMeta).
void Importer::AddTypeMeta(Message* m, const JsonValue* metadata_schema) {
  for (const char* name : {"apiVersion", "kind"}) {
    bool declared = false;
    for (const Field& f : m->fields) declared = declared || f.json_name == name;
    if (!declared) m->fields.push_back(StringField(name));
  }
  const Message* meta = BuiltinSchema().FindMessage(kObjectMeta);
  const JsonValue* props = metadata_schema ? SchemaMember(*metadata_schema, "properties") : nullptr;
  if (props != nullptr && meta != nullptr) {
    // The root may restrict name and generateName: a copy of ObjectMeta
    // carrying those constraints.
    Message* copy = assembler_.AddMessage(m->name + ".metadata");
    copy->description = meta->description;
    copy->fields = meta->fields;
    for (Field& f : copy->fields) {
      const JsonValue* s = SchemaMember(*props, f.json_name);
      if (s != nullptr && (f.json_name == "name" || f.json_name == "generateName")) {
        auto c = ConstraintsOf(*s, copy->name + "." + f.json_name, 1);
        if (c.ok()) f.constraints = *c;
      }
    }
    meta = copy;
  }
  Field f;
  f.json_name = "metadata";
  f.type = Type::kMessage;
  f.message = meta != nullptr ? meta->name : std::string(kObjectMeta);
  f.message_type = meta;
  if (meta == nullptr) f.type = Type::kJson;
  m->fields.push_back(std::move(f));
}

Status Importer::FillMessage(const JsonValue& node, Message* m, bool resource, bool root,
                             int depth) {
  EKS_RETURN_IF_ERROR(Depth(depth));
  m->description = StringAt(node, "description");
  m->preserve_unknown_fields = BoolAt(node, "x-kubernetes-preserve-unknown-fields");
  m->embedded_resource = BoolAt(node, "x-kubernetes-embedded-resource");
  m->map_type = StringAt(node, "x-kubernetes-map-type");
  auto required = RequiredOf(node);
  const JsonValue* metadata_schema = nullptr;
  if (const JsonValue* props = SchemaMember(node, "properties")) {
    for (const auto& p : props->GetObject()) {
      std::string_view key = View(p.name);
      if (!p.value.IsObject()) continue;
      if (resource && key == "metadata") {
        if (root) metadata_schema = &p.value;
        continue;
      }
      Field f;
      f.json_name = std::string(key);
      f.required = required.count(key) != 0;
      EKS_RETURN_IF_ERROR(FillField(p.value, m->name + "." + f.json_name, &f, depth + 1));
      m->fields.push_back(std::move(f));
    }
  }
  if (resource) AddTypeMeta(m, metadata_schema);
  if (resource && required.count("metadata") != 0) m->fields.back().required = true;
  return Status::Ok();
}

Status Importer::FillField(const JsonValue& node, const std::string& name, Field* f, int depth) {
  EKS_RETURN_IF_ERROR(Depth(depth));
  f->description = StringAt(node, "description");
  if (const JsonValue* d = Member(node, "default")) f->default_json = ToJsonString(*d);
  f->list_type = StringAt(node, "x-kubernetes-list-type");
  f->map_type = StringAt(node, "x-kubernetes-map-type");
  if (const JsonValue* keys = Member(node, "x-kubernetes-list-map-keys"); keys && keys->IsArray()) {
    for (const JsonValue& k : keys->GetArray()) {
      if (k.IsString()) f->list_map_keys.emplace_back(View(k));
    }
  }
  EKS_ASSIGN_OR_RETURN(f->constraints, ConstraintsOf(node, name, depth));
  std::string_view type = StringAt(node, "type");
  if (BoolAt(node, "x-kubernetes-int-or-string")) {
    f->type = Type::kIntOrString;
  } else if (type == "array") {
    f->cardinality = Cardinality::kList;
    return FillElement(SchemaMember(node, "items"), name, f, depth);
  } else if (type == "object" || BoolAt(node, "x-kubernetes-embedded-resource") ||
             SchemaMember(node, "properties") != nullptr) {
    const JsonValue* additional = Member(node, "additionalProperties");
    if (additional != nullptr && SchemaMember(node, "properties") == nullptr &&
        (additional->IsObject() || (additional->IsBool() && additional->GetBool()))) {
      f->cardinality = Cardinality::kMap;
      return FillElement(additional->IsObject() ? additional : nullptr, name, f, depth);
    }
    Message* m = assembler_.AddMessage(name);
    bool embedded = BoolAt(node, "x-kubernetes-embedded-resource");
    EKS_RETURN_IF_ERROR(FillMessage(node, m, embedded, /*root=*/false, depth));
    f->type = Type::kMessage;
    f->message = m->name;
    f->message_type = m;
  } else if (type == "string") {
    f->type = Type::kString;
  } else if (type == "integer") {
    f->type = StringAt(node, "format") == "int32" ? Type::kInt32 : Type::kInt64;
  } else if (type == "number") {
    f->type = Type::kDouble;
  } else if (type == "boolean") {
    f->type = Type::kBool;
  } else {
    f->type = Type::kJson;  // no type: any value (x-kubernetes-preserve-unknown-fields)
  }
  return Status::Ok();
}

// The element type of a list or map field `f` from its items (or
// additionalProperties) schema; null means any value.
Status Importer::FillElement(const JsonValue* items, const std::string& name, Field* f,
                             int depth) {
  if (items == nullptr) {
    f->type = Type::kJson;
    return Status::Ok();
  }
  Field element;
  EKS_RETURN_IF_ERROR(FillField(*items, name + ".items", &element, depth + 1));
  if (element.cardinality == Cardinality::kSingle) {
    f->type = element.type;
    f->message = element.message;
    f->message_type = element.message_type;
    f->item_constraints = element.constraints;
    return Status::Ok();
  }
  // A list of lists (or of maps): the element is a wrapper message whose one
  // field is the inner list or map.
  Message* wrapper = assembler_.AddMessage(name + ".items");
  element.json_name = "items";
  if (element.cardinality == Cardinality::kList) {
    wrapper->list_wrapper = "items";
  } else {
    wrapper->preserve_unknown_fields = true;  // a map element: kept as it is
    element.json_name = "values";
  }
  wrapper->fields.push_back(std::move(element));
  f->type = Type::kMessage;
  f->message = wrapper->name;
  f->message_type = wrapper;
  return Status::Ok();
}

StatusOr<std::shared_ptr<const Constraints>> Importer::ConstraintsOf(const JsonValue& node,
                                                                     const std::string& name,
                                                                     int depth) {
  auto c = std::make_shared<Constraints>();
  c->minimum = NumberAt(node, "minimum");
  c->maximum = NumberAt(node, "maximum");
  c->exclusive_minimum = BoolAt(node, "exclusiveMinimum");
  c->exclusive_maximum = BoolAt(node, "exclusiveMaximum");
  c->multiple_of = NumberAt(node, "multipleOf");
  c->min_length = CountAt(node, "minLength");
  c->max_length = CountAt(node, "maxLength");
  c->min_items = CountAt(node, "minItems");
  c->max_items = CountAt(node, "maxItems");
  c->min_properties = CountAt(node, "minProperties");
  c->max_properties = CountAt(node, "maxProperties");
  c->pattern = StringAt(node, "pattern");
  c->format = StringAt(node, "format");
  c->nullable = BoolAt(node, "nullable");
  if (const JsonValue* e = Member(node, "enum"); e != nullptr && e->IsArray()) {
    for (const JsonValue& v : e->GetArray()) c->enum_json.push_back(ToJsonString(v));
  }
  EKS_RETURN_IF_ERROR(Branches(node, "allOf", name, depth, &c->all_of));
  EKS_RETURN_IF_ERROR(Branches(node, "anyOf", name, depth, &c->any_of));
  EKS_RETURN_IF_ERROR(Branches(node, "oneOf", name, depth, &c->one_of));
  if (const JsonValue* n = SchemaMember(node, "not")) {
    EKS_ASSIGN_OR_RETURN(c->not_, Branch(*n, name + ".not", depth + 1));
  }
  bool any = c->minimum || c->maximum || c->multiple_of || c->min_length || c->max_length ||
             c->min_items || c->max_items || c->min_properties || c->max_properties ||
             !c->pattern.empty() || !c->format.empty() || c->nullable || !c->enum_json.empty() ||
             !c->all_of.empty() || !c->any_of.empty() || !c->one_of.empty() || c->not_;
  if (!any) return std::shared_ptr<const Constraints>();
  return std::shared_ptr<const Constraints>(std::move(c));
}

Status Importer::Branches(const JsonValue& node, std::string_view key, const std::string& name,
                          int depth, std::vector<std::shared_ptr<const Field>>* out) {
  const JsonValue* list = Member(node, key);
  if (list == nullptr || !list->IsArray()) return Status::Ok();
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    if (!(*list)[i].IsObject()) continue;
    std::string branch = name + "." + std::string(key) + "[" + std::to_string(i) + "]";
    EKS_ASSIGN_OR_RETURN(auto f, Branch((*list)[i], branch, depth + 1));
    out->push_back(std::move(f));
  }
  return Status::Ok();
}

// A junction branch: value validations without a type (kJson), with
// properties as a message of branches, or items as item constraints.
StatusOr<std::shared_ptr<const Field>> Importer::Branch(const JsonValue& node,
                                                        const std::string& name, int depth) {
  EKS_RETURN_IF_ERROR(Depth(depth));
  auto f = std::make_shared<Field>();
  f->type = Type::kJson;
  EKS_ASSIGN_OR_RETURN(f->constraints, ConstraintsOf(node, name, depth));
  const JsonValue* shape = &node;
  if (const JsonValue* items = SchemaMember(node, "items")) {
    f->cardinality = Cardinality::kList;
    EKS_ASSIGN_OR_RETURN(f->item_constraints, ConstraintsOf(*items, name + ".items", depth + 1));
    shape = items;
  }
  const JsonValue* props = SchemaMember(*shape, "properties");
  auto required = RequiredOf(*shape);
  if (props == nullptr && required.empty()) return std::shared_ptr<const Field>(std::move(f));
  Message* m = assembler_.AddMessage(name);
  m->preserve_unknown_fields = true;  // branches only validate
  if (props != nullptr) {
    for (const auto& p : props->GetObject()) {
      if (!p.value.IsObject()) continue;
      EKS_ASSIGN_OR_RETURN(auto sub, Branch(p.value, name + "." + std::string(View(p.name)),
                                            depth + 1));
      Field field = *sub;
      field.json_name = std::string(View(p.name));
      m->fields.push_back(std::move(field));
    }
  }
  for (const std::string& r : required) {
    bool found = false;
    for (Field& field : m->fields) {
      if (field.json_name == r) found = field.required = true;
    }
    if (!found) {
      Field field;
      field.json_name = r;
      field.type = Type::kJson;
      field.required = true;
      m->fields.push_back(std::move(field));
    }
  }
  f->message = m->name;
  f->message_type = m;
  return std::shared_ptr<const Field>(std::move(f));
}

}  // namespace

StatusOr<std::unique_ptr<Schema>> ImportOpenApiSchema(const JsonValue* openapi,
                                                      const OpenApiImportOptions& options) {
  if (openapi != nullptr && !openapi->IsObject()) {
    return Status::Invalid("the OpenAPI schema must be a JSON object");
  }
  SchemaAssembler assembler;
  Importer importer(assembler);
  EKS_RETURN_IF_ERROR(importer.Root(openapi, options));
  return assembler.Finish();
}

StatusOr<ImportedField> ImportOpenApiField(const JsonValue& node, const std::string& name) {
  if (!node.IsObject()) return Status::Invalid("the OpenAPI schema must be a JSON object");
  SchemaAssembler assembler;
  Importer importer(assembler);
  ImportedField out;
  EKS_RETURN_IF_ERROR(importer.OneField(node, name, &out.field));
  EKS_ASSIGN_OR_RETURN(out.schema, assembler.Finish());
  return out;
}

}  // namespace ekslite::schema
