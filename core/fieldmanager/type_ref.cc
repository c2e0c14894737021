// TypeRef: the schema seen as server-side apply's node kinds, and the empty
// object a create starts from.
#include <vector>

#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

bool HasMergeStrategy(const schema::Field& field) {
  return field.patch_strategy.find("merge") != std::string::npos;
}

bool IsRawJson(schema::Type t) {
  return t == schema::Type::kRawExtension || t == schema::Type::kJson ||
         t == schema::Type::kFieldsV1;
}

}  // namespace

TypeRef TypeRef::Root(const schema::Message* message) {
  TypeRef t;
  if (message == nullptr) return t;
  t.kind_ = Kind::kStruct;
  t.message_ = message;
  t.atomic_ = message->map_type == "atomic";
  return t;
}

// The type of one element of `field`: its message, or a scalar.
TypeRef TypeRef::OfElement(const schema::Field& field) {
  TypeRef t;
  if (field.type == schema::Type::kMessage && field.message_type != nullptr) {
    t = Root(field.message_type);
    if (field.cardinality == schema::Cardinality::kSingle && field.map_type == "atomic") {
      t.atomic_ = true;
    }
    return t;
  }
  if (!IsRawJson(field.type)) t.kind_ = Kind::kScalar;
  return t;
}

TypeRef TypeRef::OfField(const schema::Field& field) {
  if (field.cardinality == schema::Cardinality::kSingle) return OfElement(field);
  TypeRef t;
  t.field_ = &field;
  if (field.cardinality == schema::Cardinality::kMap) {
    t.kind_ = Kind::kMap;
    t.atomic_ = field.map_type == "atomic";
    return t;
  }
  t.kind_ = Kind::kList;
  if (field.list_type == "map" && !field.list_map_keys.empty()) {
    t.list_type_ = ListType::kAssociative;
  } else if (field.list_type == "set") {
    t.list_type_ = ListType::kSet;
  } else if (field.list_type.empty() && HasMergeStrategy(field)) {
    t.list_type_ = field.patch_merge_key.empty() ? ListType::kSet : ListType::kAssociative;
  }
  t.atomic_ = t.list_type_ == ListType::kAtomic;
  return t;
}

std::vector<std::string> TypeRef::keys() const {
  if (field_ == nullptr || list_type_ != ListType::kAssociative) return {};
  if (!field_->list_map_keys.empty()) return field_->list_map_keys;
  return {field_->patch_merge_key};
}

TypeRef TypeRef::Child(std::string_view key) const {
  if (kind_ == Kind::kMap && field_ != nullptr) return OfElement(*field_);
  if (kind_ == Kind::kStruct && message_ != nullptr) {
    const schema::Field* f = message_->FieldByJsonName(key);
    if (f != nullptr) return OfField(*f);
  }
  return TypeRef();
}

TypeRef TypeRef::Element() const {
  if (kind_ == Kind::kList && field_ != nullptr) return OfElement(*field_);
  return TypeRef();
}

std::string TypeRef::ItemElement(const JsonValue& item, size_t index) const {
  if (list_type_ == ListType::kSet && !item.IsObject() && !item.IsArray()) {
    return ValueElement(item);
  }
  if (list_type_ != ListType::kAssociative || !item.IsObject()) return IndexElement(index);
  const std::vector<std::string>& list_keys = field_->list_map_keys;
  const std::string* single = list_keys.empty() ? &field_->patch_merge_key : nullptr;
  size_t count = single != nullptr ? 1 : list_keys.size();
  std::vector<std::pair<std::string_view, const JsonValue*>> keys;
  keys.reserve(count);
  std::vector<Json> defaults;  // owns the values of missing keys
  for (size_t i = 0; i < count; ++i) {
    const std::string& name = single != nullptr ? *single : list_keys[i];
    const JsonValue* v = Member(item, name);
    if (v == nullptr) {
      // A missing key takes its default, when the schema has one.
      const schema::Message* m = field_->message_type;
      const schema::Field* kf = m != nullptr ? m->FieldByJsonName(name) : nullptr;
      if (kf == nullptr || kf->default_json.empty()) return "";
      auto parsed = ParseJson(kf->default_json);
      if (!parsed.ok()) return "";
      defaults.reserve(count);
      defaults.push_back(std::move(*parsed));
      v = &defaults.back();
    }
    keys.emplace_back(name, v);
  }
  return KeyElement(keys);
}

bool TypeRef::IsLeaf(const JsonValue& value) const {
  switch (kind_) {
    case Kind::kScalar:
      return true;
    case Kind::kDeduced:
      return !value.IsObject();
    case Kind::kList:
      return atomic_ || !value.IsArray();
    default:
      return atomic_ || !value.IsObject();
  }
}

namespace {

void FillZero(JsonValue& object, const schema::Message& message, int depth, JsonAllocator& a) {
  if (depth > 8) return;
  for (const schema::Field& f : message.fields) {
    if (f.type != schema::Type::kMessage || f.message_type == nullptr || f.pointer ||
        f.cardinality != schema::Cardinality::kSingle) {
      continue;
    }
    if (f.inline_json) {
      FillZero(object, *f.message_type, depth + 1, a);
      continue;
    }
    JsonValue child(rapidjson::kObjectType);
    FillZero(child, *f.message_type, depth + 1, a);
    object.AddMember(MakeString(f.json_name, a), std::move(child), a);
  }
}

}  // namespace

Json ZeroObject(const schema::Message* message) {
  Json out(rapidjson::kObjectType);
  if (message != nullptr) FillZero(out, *message, 0, out.GetAllocator());
  return out;
}

}  // namespace ekslite::fieldmanager
