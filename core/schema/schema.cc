#include "core/schema/schema.h"

namespace ekslite::schema {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kString:
      return "string";
    case Type::kBool:
      return "bool";
    case Type::kInt32:
      return "int32";
    case Type::kInt64:
      return "int64";
    case Type::kDouble:
      return "double";
    case Type::kBytes:
      return "bytes";
    case Type::kQuantity:
      return "quantity";
    case Type::kTime:
      return "time";
    case Type::kMicroTime:
      return "microtime";
    case Type::kDuration:
      return "duration";
    case Type::kIntOrString:
      return "intorstring";
    case Type::kRawExtension:
      return "rawextension";
    case Type::kFieldsV1:
      return "fieldsv1";
    case Type::kJson:
      return "json";
    case Type::kMessage:
      return "message";
  }
  return "message";
}

const Field* Message::FieldByJsonName(std::string_view json_name) const {
  auto it = by_json_.find(json_name);
  return it == by_json_.end() ? nullptr : it->second;
}

const Field* Message::FieldByNumber(int number) const {
  auto it = by_number_.find(number);
  return it == by_number_.end() ? nullptr : it->second;
}

const Message* Schema::FindMessage(std::string_view name) const {
  auto it = messages_.find(name);
  return it == messages_.end() ? nullptr : it->second.get();
}

const Message* Schema::FindKind(const GroupVersionKind& gvk) const {
  auto it = kinds_.find(gvk);
  return it == kinds_.end() ? nullptr : it->second;
}

}  // namespace ekslite::schema
