#include "core/schema/pruning.h"

namespace ekslite::schema {
namespace {

constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool DroppableNull(const JsonValue& v, const Field& f) {
  bool nullable = f.constraints != nullptr && f.constraints->nullable;
  return v.IsNull() && !nullable && f.default_json.empty();
}

class Pruner {
 public:
  explicit Pruner(std::vector<std::string>* pruned) : pruned_(pruned) {}

  // `resource`: the root or an embedded resource (type meta and metadata are
  // kept).
  void Object(JsonValue& v, const Message& m, const std::string& path, bool resource) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd();) {
      std::string_view key = View(it->name);
      if (resource && (key == "apiVersion" || key == "kind")) {
        ++it;
        continue;
      }
      if (resource && key == "metadata") {
        if (it->value.IsObject()) Metadata(it->value, Join(path, key));
        ++it;
        continue;
      }
      const Field* f = m.FieldByJsonName(key);
      if (f != nullptr && DroppableNull(it->value, *f)) {
        it = v.EraseMember(it);
      } else if (f != nullptr) {
        Value(it->value, *f, Join(path, key));
        ++it;
      } else if (m.preserve_unknown_fields) {
        ++it;
      } else {
        pruned_->push_back(Join(path, key));
        it = v.EraseMember(it);
      }
    }
  }

 private:
  void Value(JsonValue& v, const Field& f, const std::string& path) {
    if (f.cardinality == Cardinality::kList && v.IsArray()) {
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        Element(v[i], f, path + "[" + std::to_string(i) + "]");
      }
    } else if (f.cardinality == Cardinality::kMap && v.IsObject()) {
      for (auto& m : v.GetObject()) Element(m.value, f, Join(path, View(m.name)));
    } else if (f.cardinality == Cardinality::kSingle) {
      Element(v, f, path);
    }
  }

  void Element(JsonValue& v, const Field& f, const std::string& path) {
    const Message* m = f.message_type;
    if (f.type != Type::kMessage || m == nullptr) return;
    if (!m->list_wrapper.empty()) {
      if (const Field* items = m->FieldByJsonName(m->list_wrapper)) Value(v, *items, path);
      return;
    }
    if (v.IsObject()) Object(v, *m, path, m->embedded_resource);
  }

  // Keeps the fields ObjectMeta has (upstream decodes metadata into it).
  void Metadata(JsonValue& meta, const std::string& path) {
    const Message* om = BuiltinSchema().FindMessage(kObjectMeta);
    if (om == nullptr) return;
    for (auto it = meta.MemberBegin(); it != meta.MemberEnd();) {
      if (om->FieldByJsonName(View(it->name)) != nullptr) {
        ++it;
      } else {
        pruned_->push_back(Join(path, View(it->name)));
        it = meta.EraseMember(it);
      }
    }
  }

  std::vector<std::string>* pruned_;
};

}  // namespace

std::vector<std::string> PruneCustomResource(JsonValue& object, const Message& kind) {
  std::vector<std::string> pruned;
  if (object.IsObject()) Pruner(&pruned).Object(object, kind, "", true);
  return pruned;
}

}  // namespace ekslite::schema
