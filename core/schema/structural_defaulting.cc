#include "core/schema/structural_defaulting.h"

#include <set>

namespace ekslite::schema {
namespace {

class Defaulter {
 public:
  explicit Defaulter(JsonAllocator& a) : a_(a) {}

  void Object(JsonValue& v, const Message& m, bool resource) {
    for (const Field& f : m.fields) {
      if (f.default_json.empty() || (resource && f.json_name == "metadata")) continue;
      JsonValue* current = Member(v, f.json_name);
      bool nullable = f.constraints != nullptr && f.constraints->nullable;
      if (current != nullptr && !(current->IsNull() && !nullable)) continue;
      auto parsed = ParseJson(f.default_json);
      if (!parsed.ok()) continue;
      SetMember(v, f.json_name, JsonValue(*parsed, a_), a_);
      changed_ = true;
    }
    for (const Field& f : m.fields) {
      if (resource && f.json_name == "metadata") continue;
      if (JsonValue* child = Member(v, f.json_name)) Value(*child, f);
    }
  }

  bool changed() const { return changed_; }

 private:
  void Value(JsonValue& v, const Field& f) {
    if (f.cardinality == Cardinality::kList && v.IsArray()) {
      for (JsonValue& e : v.GetArray()) Element(e, f);
    } else if (f.cardinality == Cardinality::kMap && v.IsObject()) {
      for (auto& m : v.GetObject()) Element(m.value, f);
    } else if (f.cardinality == Cardinality::kSingle) {
      Element(v, f);
    }
  }

  void Element(JsonValue& v, const Field& f) {
    const Message* m = f.message_type;
    if (f.type != Type::kMessage || m == nullptr) return;
    if (!m->list_wrapper.empty()) {
      if (const Field* items = m->FieldByJsonName(m->list_wrapper)) Value(v, *items);
      return;
    }
    if (v.IsObject()) Object(v, *m, m->embedded_resource);
  }

  JsonAllocator& a_;
  bool changed_ = false;
};

bool MessageHasDefaults(const Message& m, std::set<const Message*>* seen) {
  if (!seen->insert(&m).second) return false;
  for (const Field& f : m.fields) {
    if (!f.default_json.empty()) return true;
    if (f.message_type != nullptr && f.type == Type::kMessage &&
        MessageHasDefaults(*f.message_type, seen)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool ApplyDefaults(JsonValue& object, const Message& kind, JsonAllocator& a) {
  if (!object.IsObject()) return false;
  Defaulter d(a);
  d.Object(object, kind, true);
  return d.changed();
}

bool HasDefaults(const Message& kind) {
  std::set<const Message*> seen;
  return MessageHasDefaults(kind, &seen);
}

}  // namespace ekslite::schema
