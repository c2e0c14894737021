// The structural checks upstream runs on custom resources after schema
// validation: embedded resources (objectmeta.Validate) and the uniqueness of
// x-kubernetes-list-type set and map lists (listtype.ValidateListSetsAndMaps).
#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "core/api/validation.h"
#include "core/schema/value_render.h"
#include "core/schema/value_validation.h"

namespace ekslite::schema {
namespace {

// JSON with object keys sorted (Go's json.Marshal of a map), with a type tag
// so that 1 and 1.0 differ as Go's interface values do.
void Canonical(const JsonValue& v, std::string* out) {
  if (v.IsObject()) {
    std::vector<const JsonValue::Member*> members;
    for (const auto& m : v.GetObject()) members.push_back(&m);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return View(a->name) < View(b->name); });
    *out += '{';
    for (const auto* m : members) {
      AppendJsonString(View(m->name), out);
      *out += ':';
      Canonical(m->value, out);
      *out += ',';
    }
    *out += '}';
  } else if (v.IsArray()) {
    *out += '[';
    for (const JsonValue& e : v.GetArray()) {
      Canonical(e, out);
      *out += ',';
    }
    *out += ']';
  } else {
    if (v.IsNumber()) *out += v.IsInt64() || v.IsUint64() ? "i:" : "f:";
    AppendJson(v, out);
  }
}

std::string Key(const JsonValue& v) {
  std::string out;
  Canonical(v, &out);
  return out;
}

// The indices of the second appearances of repeated keys.
std::vector<size_t> Repeats(const std::vector<std::string>& keys) {
  std::map<std::string, int> seen;
  std::vector<size_t> out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (++seen[keys[i]] == 2) out.push_back(i);
  }
  return out;
}

class Walker {
 public:
  Walker(bool embedded_pass, api::ErrorList* errors) : embedded_(embedded_pass), errors_(errors) {}

  // `resource`: the root or an embedded resource, whose metadata is not walked.
  void Object(const JsonValue& v, const Message& m, const api::FieldPath& path, bool resource) {
    for (const Field& f : m.fields) {
      if (resource && f.json_name == "metadata") continue;
      if (const JsonValue* child = Member(v, f.json_name)) {
        FieldValue(*child, f, path.Child(f.json_name));
      }
    }
  }

 private:
  void FieldValue(const JsonValue& v, const Field& f, const api::FieldPath& path) {
    if (f.cardinality == Cardinality::kList && v.IsArray()) {
      if (!embedded_) ListType(v, f, path);
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) Element(v[i], f, path.Index(i));
    } else if (f.cardinality == Cardinality::kMap && v.IsObject()) {
      for (const auto& m : v.GetObject()) Element(m.value, f, path.Key(View(m.name)));
    } else if (f.cardinality == Cardinality::kSingle) {
      Element(v, f, path);
    }
  }

  void Element(const JsonValue& v, const Field& f, const api::FieldPath& path) {
    const Message* m = f.message_type;
    if (f.type != Type::kMessage || m == nullptr) return;
    if (!m->list_wrapper.empty()) {
      if (const Field* items = m->FieldByJsonName(m->list_wrapper)) FieldValue(v, *items, path);
      return;
    }
    if (!v.IsObject()) return;
    if (embedded_ && m->embedded_resource) Embedded(v, path);
    Object(v, *m, path, m->embedded_resource);
  }

  void ListType(const JsonValue& v, const Field& f, const api::FieldPath& path);
  void Embedded(const JsonValue& v, const api::FieldPath& path);
  void EmbeddedMetadata(const JsonValue& meta, const api::FieldPath& path);

  bool embedded_;
  api::ErrorList* errors_;
};

void Walker::ListType(const JsonValue& v, const Field& f, const api::FieldPath& path) {
  if (f.list_type == "set") {
    std::vector<std::string> keys;
    for (const JsonValue& e : v.GetArray()) keys.push_back(Key(e));
    for (size_t i : Repeats(keys)) {
      errors_->Add(api::Duplicate(path.Index(i), BadValueOf(v[static_cast<rapidjson::SizeType>(i)])));
    }
    return;
  }
  if (f.list_type != "map") return;
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    if (!v[i].IsObject() && !v[i].IsNull()) {
      errors_->Add(api::Invalid(path.Index(i), BadValueOf(v[i]),
                                "must be an object for an array of list-type map"));
      return;
    }
  }
  std::vector<Json> key_objects;
  std::vector<std::string> keys;
  for (const JsonValue& e : v.GetArray()) {
    Json key(rapidjson::kObjectType);
    for (const std::string& k : f.list_map_keys) {
      if (const JsonValue* kv = e.IsObject() ? Member(e, k) : nullptr) {
        SetMember(key, k, JsonValue(*kv, key.GetAllocator()), key.GetAllocator());
      }
    }
    keys.push_back(Key(key));
    key_objects.push_back(std::move(key));
  }
  for (size_t i : Repeats(keys)) {
    errors_->Add(api::Duplicate(path.Index(i), api::BadValue::Raw(GoSharpV(key_objects[i]))));
  }
}

void Walker::Embedded(const JsonValue& v, const api::FieldPath& path) {
  const JsonValue* api_version = Member(v, "apiVersion");
  const JsonValue* kind = Member(v, "kind");
  if (api_version == nullptr) errors_->Add(api::Required(path.Child("apiVersion"), ""));
  if (kind == nullptr) errors_->Add(api::Required(path.Child("kind"), ""));
  if (api_version != nullptr) {
    std::string_view s = View(*api_version);
    if (!api_version->IsString()) {
      errors_->Add(api::Invalid(path.Child("apiVersion"), BadValueOf(*api_version), "must be a string"));
    } else if (s.empty()) {
      errors_->Add(api::Required(path.Child("apiVersion"), ""));
    } else if (std::count(s.begin(), s.end(), '/') > 1) {
      errors_->Add(api::Invalid(path.Child("apiVersion"), s,
                                "unexpected GroupVersion string: " + std::string(s)));
    }
  }
  if (kind != nullptr) {
    std::string_view s = View(*kind);
    std::string lower(s);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!kind->IsString()) {
      errors_->Add(api::Invalid(path.Child("kind"), BadValueOf(*kind), "must be a string"));
    } else if (s.empty()) {
      errors_->Add(api::Required(path.Child("kind"), ""));
    } else if (auto problems = api::IsDns1035Label(lower); !problems.empty()) {
      std::string joined;
      for (const std::string& p : problems) joined += (joined.empty() ? "" : ",") + p;
      errors_->Add(api::Invalid(path.Child("kind"), s,
                                "may have mixed case, but should otherwise match: " + joined));
    }
  }
  if (const JsonValue* meta = Member(v, "metadata"); meta != nullptr && meta->IsObject()) {
    EmbeddedMetadata(*meta, path.Child("metadata"));
  }
}

// ObjectMeta validation with the path-segment name rule, as upstream applies
// it to embedded objects (an empty name stands for a valid one).
void Walker::EmbeddedMetadata(const JsonValue& meta, const api::FieldPath& path) {
  std::string_view name = StringAt(meta, "name");
  for (const std::string& p : api::NameIsPathSegment(name.empty() ? "fakename" : name, false)) {
    errors_->Add(api::Invalid(path.Child("name"), name, p));
  }
  std::string_view generate = StringAt(meta, "generateName");
  if (!generate.empty()) {
    for (const std::string& p : api::NameIsPathSegment(generate, true)) {
      errors_->Add(api::Invalid(path.Child("generateName"), generate, p));
    }
  }
  std::string_view ns = StringAt(meta, "namespace");
  if (!ns.empty()) {
    for (const std::string& p : api::IsDns1123Label(ns)) {
      errors_->Add(api::Invalid(path.Child("namespace"), ns, p));
    }
  }
  if (const JsonValue* l = Member(meta, "labels"); l != nullptr && l->IsObject()) {
    api::ValidateLabels(*l, path.Child("labels"), errors_);
  }
  if (const JsonValue* a = Member(meta, "annotations"); a != nullptr && a->IsObject()) {
    api::ValidateAnnotations(*a, path.Child("annotations"), errors_);
  }
}

}  // namespace

void ValidateEmbeddedAndListTypes(const JsonValue& object, const Message& kind,
                                  api::ErrorList* errors) {
  if (!object.IsObject()) return;
  Walker(true, errors).Object(object, kind, api::FieldPath(), true);
  Walker(false, errors).Object(object, kind, api::FieldPath(), true);
}

}  // namespace ekslite::schema
