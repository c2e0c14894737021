// Schema validation of custom resources: kube-openapi's checks and messages
// over the imported schema (value_validation.h).
#include "core/schema/value_validation.h"

#include "core/api/go_format.h"
#include "core/api/json_tree.h"
#include "core/schema/value_render.h"

namespace ekslite::schema {
namespace {

// What a value must be: a field, an element of a list or map field, or a
// junction branch (untyped).
struct Shape {
  Type type = Type::kJson;
  Cardinality cardinality = Cardinality::kSingle;
  const Message* message = nullptr;
  const Constraints* constraints = nullptr;
  const Field* field = nullptr;  // lists and maps: the field, for their elements
  bool typed = true;
};

Shape OfField(const Field& f, bool typed) {
  return {f.type, f.cardinality, f.message_type, f.constraints.get(), &f,
          typed && f.type != Type::kJson};
}

Shape ElementOf(const Shape& list) {
  const Field& f = *list.field;
  return {f.type, Cardinality::kSingle, f.message_type, f.item_constraints.get(), nullptr,
          list.typed && f.type != Type::kJson};
}

bool IsWrapper(const Message* m) { return m != nullptr && !m->list_wrapper.empty(); }

std::string_view ExpectedType(const Shape& s) {
  if (s.cardinality == Cardinality::kList) return "array";
  if (s.cardinality == Cardinality::kMap) return "object";
  switch (s.type) {
    case Type::kString:
      return "string";
    case Type::kBool:
      return "boolean";
    case Type::kInt32:
    case Type::kInt64:
      return "integer";
    case Type::kDouble:
      return "number";
    case Type::kIntOrString:
      return "integer,string";
    case Type::kMessage:
      return IsWrapper(s.message) ? "array" : "object";
    default:
      return "";
  }
}

std::string_view ActualType(const JsonValue& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "boolean";
  if (v.IsString()) return "string";
  if (v.IsInt64() || v.IsUint64()) return "integer";
  if (v.IsNumber()) return "number";
  if (v.IsArray()) return "array";
  return "object";
}

bool Contains(std::string_view list, std::string_view item) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(start, end - start) == item) return true;
    start = end + 1;
  }
  return false;
}

bool TypeMatches(std::string_view expected, const JsonValue& v) {
  std::string_view actual = ActualType(v);
  if (Contains(expected, actual)) return true;
  if (actual == "integer" && Contains(expected, "number")) return true;
  double d = v.IsNumber() ? v.GetDouble() : 0.5;
  return actual == "number" && Contains(expected, "integer") && d == static_cast<int64_t>(d);
}


std::string Child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

// Counts UTF-8 characters (Go's utf8.RuneCountInString).
int64_t RuneCount(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class Validator {
 public:
  Validator(api::ErrorList* errors, api::FieldPath base = api::FieldPath())
      : errors_(errors), base_(std::move(base)) {}

  void Value(const JsonValue& v, const Shape& s, const std::string& path);
  void Resource(const JsonValue& object, const Message& m, const std::string& path);

 private:
  void Fail(api::FieldError e) { errors_->Add(std::move(e)); }
  // The field path of an error at OpenAPI path `path`.
  api::FieldPath At(const std::string& path) const {
    return path.empty() ? base_ : base_.Child(path);
  }
  std::string In(const std::string& path, std::string_view rest) const {
    return path + " in body " + std::string(rest);
  }
  bool Typed(const JsonValue& v, const Shape& s, const std::string& path);
  void Junctions(const JsonValue& v, const Constraints& c, const std::string& path);
  void Strings(std::string_view v, const Constraints& c, const std::string& path);
  void Numbers(const JsonValue& v, const Constraints& c, const std::string& path);
  void Slice(const JsonValue& v, const Shape& s, const std::string& path);
  void Enum(const JsonValue& v, const Constraints& c, const std::string& path);
  void Object(const JsonValue& v, const Shape& s, const std::string& path);
  void Properties(const JsonValue& v, const Message& m, bool typed, const std::string& path,
                  bool resource);
  size_t Try(const JsonValue& v, const Field& branch, const std::string& path,
             api::ErrorList* out);

  api::ErrorList* errors_;
  api::FieldPath base_;
};

// The type check; false when the value is null or of the wrong type (nothing
// else is checked then).
bool Validator::Typed(const JsonValue& v, const Shape& s, const std::string& path) {
  std::string_view expected = s.typed ? ExpectedType(s) : std::string_view();
  if (v.IsNull()) {
    bool nullable = s.constraints != nullptr && s.constraints->nullable;
    if (!expected.empty() && !nullable) {
      Fail(api::TypeInvalid(At(path), api::BadValue::String("null"),
                            In(path, "must be of type " + std::string(expected) + ": \"null\"")));
    }
    return false;
  }
  if (expected.empty() || TypeMatches(expected, v)) return true;
  std::string actual(ActualType(v));
  Fail(api::TypeInvalid(
      At(path), api::BadValue::String(actual),
      In(path, "must be of type " + std::string(expected) + ": " + api::GoQuote(actual))));
  return false;
}

void Validator::Value(const JsonValue& v, const Shape& s, const std::string& path) {
  const Constraints* c = s.constraints;
  if (!Typed(v, s, path)) {
    if (v.IsNull() && c != nullptr) Enum(v, *c, path);
    return;
  }
  if (c != nullptr) {
    Junctions(v, *c, path);
    if (v.IsString()) Strings(View(v), *c, path);
    if (v.IsNumber()) Numbers(v, *c, path);
  }
  if (v.IsArray()) Slice(v, s, path);
  if (c != nullptr) Enum(v, *c, path);
  if (v.IsObject()) Object(v, s, path);
}

// Validates `v` against a junction branch into `out`; returns the number of
// errors.
size_t Validator::Try(const JsonValue& v, const Field& branch, const std::string& path,
                      api::ErrorList* out) {
  Validator sub(out, base_);
  sub.Value(v, OfField(branch, false), path);
  return out->size();
}

void Validator::Junctions(const JsonValue& v, const Constraints& c, const std::string& path) {
  std::string quoted = api::GoQuote(path);
  auto composite = [&](const std::string& message) {
    Fail(api::Invalid(base_, api::BadValue::String(""), message));
  };
  auto best_of = [&](const std::vector<std::shared_ptr<const Field>>& branches, int* valid) {
    api::ErrorList best;
    bool have = false;
    for (const auto& b : branches) {
      api::ErrorList out;
      if (Try(v, *b, path, &out) == 0) {
        ++*valid;
      } else if (!have || out.size() < best.size()) {
        best = out;
        have = true;
      }
    }
    return best;
  };
  if (!c.any_of.empty()) {
    int valid = 0;
    api::ErrorList best = best_of(c.any_of, &valid);
    if (valid == 0) {
      composite(quoted + " must validate at least one schema (anyOf)");
      errors_->Append(best);
    }
  }
  if (!c.one_of.empty()) {
    int valid = 0;
    api::ErrorList best = best_of(c.one_of, &valid);
    if (valid != 1) {
      composite(quoted + " must validate one and only one schema (oneOf). " +
                (valid == 0 ? std::string("Found none valid")
                            : "Found " + std::to_string(valid) + " valid alternatives"));
      if (valid == 0) errors_->Append(best);
    }
  }
  if (!c.all_of.empty()) {
    size_t valid = 0;
    for (const auto& b : c.all_of) {
      api::ErrorList out;
      if (Try(v, *b, path, &out) == 0) ++valid;
      errors_->Append(out);
    }
    if (valid != c.all_of.size()) {
      composite(quoted + " must validate all the schemas (allOf)" +
                (valid == 0 ? ". None validated" : ""));
    }
  }
  if (c.not_ != nullptr) {
    api::ErrorList out;
    if (Try(v, *c.not_, path, &out) == 0) composite(quoted + " must not validate the schema (not)");
  }
}

void Validator::Strings(std::string_view v, const Constraints& c, const std::string& path) {
  int64_t n = RuneCount(v);
  if (c.max_length && n > *c.max_length) Fail(api::TooLong(At(path), *c.max_length));
  if (c.min_length && n < *c.min_length) {
    Fail(api::Invalid(At(path), api::BadValue::String(v),
                      In(path, "should be at least " + std::to_string(*c.min_length) +
                                   " chars long")));
  }
  if (!c.pattern.empty() && !PatternMatches(c.pattern, v)) {
    Fail(api::Invalid(At(path), api::BadValue::String(v),
                      In(path, "should match '" + c.pattern + "'")));
  }
  if (!c.format.empty() && !FormatValid(c.format, v)) {
    Fail(api::TypeInvalid(At(path), api::BadValue::String(v),
                          In(path, "must be of type " + c.format + ": " + api::GoQuote(v))));
  }
}

void Validator::Numbers(const JsonValue& v, const Constraints& c, const std::string& path) {
  double d = v.GetDouble();
  api::BadValue value = BadValueOf(v);
  if (c.multiple_of && *c.multiple_of > 0) {
    double q = d / *c.multiple_of;
    if (q != static_cast<double>(static_cast<int64_t>(q))) {
      Fail(api::Invalid(At(path), value,
                        In(path, "should be a multiple of " + GoFloat(*c.multiple_of))));
    }
  }
  if (c.maximum && (c.exclusive_maximum ? d >= *c.maximum : d > *c.maximum)) {
    std::string rel = c.exclusive_maximum ? "should be less than " : "should be less than or equal to ";
    Fail(api::Invalid(At(path), value, In(path, rel + GoFloat(*c.maximum))));
  }
  if (c.minimum && (c.exclusive_minimum ? d <= *c.minimum : d < *c.minimum)) {
    std::string rel =
        c.exclusive_minimum ? "should be greater than " : "should be greater than or equal to ";
    Fail(api::Invalid(At(path), value, In(path, rel + GoFloat(*c.minimum))));
  }
}

void Validator::Slice(const JsonValue& v, const Shape& s, const std::string& path) {
  if (s.cardinality == Cardinality::kList && s.field != nullptr) {
    Shape element = ElementOf(s);
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      Value(v[i], element, path + "[" + std::to_string(i) + "]");
    }
  } else if (s.cardinality == Cardinality::kSingle && IsWrapper(s.message)) {
    const Field* items = s.message->FieldByJsonName(s.message->list_wrapper);
    // The inner list, with its own counts.
    if (items != nullptr) Slice(v, OfField(*items, s.typed), path);
  }
  const Constraints* c = s.constraints;
  if (c == nullptr) return;
  int64_t size = v.Size();
  if (c->min_items && size < *c->min_items) {
    Fail(api::Invalid(At(path), api::BadValue::Int(size),
                      In(path, "should have at least " + std::to_string(*c->min_items) +
                                   " items")));
  }
  if (c->max_items && size > *c->max_items) Fail(api::TooMany(At(path), size, *c->max_items));
}

void Validator::Enum(const JsonValue& v, const Constraints& c, const std::string& path) {
  if (c.enum_json.empty()) return;
  std::vector<std::string> allowed;
  for (const std::string& text : c.enum_json) {
    auto parsed = ParseJson(text);
    if (parsed.ok() && api::JsonEqual(*parsed, v)) return;
    allowed.push_back(parsed.ok() && parsed->IsString() ? std::string(View(*parsed)) : text);
  }
  Fail(api::NotSupported(At(path), BadValueOf(v), allowed));
}

void Validator::Object(const JsonValue& v, const Shape& s, const std::string& path) {
  if (const Constraints* c = s.constraints) {
    int64_t n = v.MemberCount();
    if (c->min_properties && n < *c->min_properties) {
      Fail(api::Invalid(At(path), api::BadValue::Int(n),
                        In(path, "should have at least " + std::to_string(*c->min_properties) +
                                     " properties")));
      return;
    }
    if (c->max_properties && n > *c->max_properties) {
      Fail(api::TooMany(At(path), n, *c->max_properties));
      return;
    }
  }
  if (s.cardinality == Cardinality::kMap && s.field != nullptr) {
    Shape element = ElementOf(s);
    for (const auto& m : v.GetObject()) Value(m.value, element, path + "." + std::string(View(m.name)));
    return;
  }
  if (s.cardinality != Cardinality::kSingle || s.message == nullptr || IsWrapper(s.message)) return;
  if (s.message->embedded_resource) {
    Resource(v, *s.message, path);
  } else {
    Properties(v, *s.message, s.typed, path, /*resource=*/false);
  }
}

void Validator::Properties(const JsonValue& v, const Message& m, bool typed,
                           const std::string& path, bool resource) {
  for (const Field& f : m.fields) {
    if (resource && f.json_name == "metadata") continue;
    if (const JsonValue* child = Member(v, f.json_name)) {
      Value(*child, OfField(f, typed), Child(path, f.json_name));
    }
  }
  for (const Field& f : m.fields) {
    if (f.required && Member(v, f.json_name) == nullptr) {
      Fail(api::Required(At(Child(path, f.json_name)), ""));
    }
  }
}

// A resource (the root or an embedded one): metadata is checked only for the
// name/generateName constraints of the schema.
void Validator::Resource(const JsonValue& object, const Message& m, const std::string& path) {
  Properties(object, m, true, path, /*resource=*/true);
  const Field* meta = m.FieldByJsonName("metadata");
  const JsonValue* value = Member(object, "metadata");
  if (meta == nullptr || meta->message_type == nullptr || value == nullptr || !value->IsObject()) {
    return;
  }
  for (const char* name : {"name", "generateName"}) {
    const Field* f = meta->message_type->FieldByJsonName(name);
    const JsonValue* v = Member(*value, name);
    if (f != nullptr && f->constraints && v != nullptr) {
      Value(*v, OfField(*f, true), Child(Child(path, "metadata"), name));
    }
  }
}

}  // namespace

void ValidateCustomResource(const JsonValue& object, const Message& kind, api::ErrorList* errors) {
  Validator v(errors);
  if (!object.IsObject()) return;
  v.Resource(object, kind, "");
  ValidateEmbeddedAndListTypes(object, kind, errors);
}

void ValidateFieldValue(const JsonValue& value, const Field& field, const api::FieldPath& base,
                        api::ErrorList* errors) {
  Validator v(errors, base);
  v.Value(value, OfField(field, true), "");
}

}  // namespace ekslite::schema
