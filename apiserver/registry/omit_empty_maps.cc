#include "apiserver/registry/omit_empty_maps.h"

#include <string>
#include <vector>

namespace ekslite::apiserver {
namespace {

bool IsEmptyMap(const JsonValue& v) { return v.IsNull() || (v.IsObject() && v.ObjectEmpty()); }

// Descends into the message values held by `value` (one field's value): the
// value itself, each list item or each map value.
int Descend(const schema::Field& field, JsonValue& value) {
  if (field.type != schema::Type::kMessage || field.message_type == nullptr) return 0;
  int removed = 0;
  switch (field.cardinality) {
    case schema::Cardinality::kSingle:
      if (value.IsObject()) removed += OmitEmptyMaps(*field.message_type, value);
      break;
    case schema::Cardinality::kList:
      if (!value.IsArray()) break;
      for (JsonValue& item : value.GetArray()) {
        if (item.IsObject()) removed += OmitEmptyMaps(*field.message_type, item);
      }
      break;
    case schema::Cardinality::kMap:
      if (!value.IsObject()) break;
      for (auto& m : value.GetObject()) {
        if (m.value.IsObject()) removed += OmitEmptyMaps(*field.message_type, m.value);
      }
      break;
  }
  return removed;
}

}  // namespace

int OmitEmptyMaps(const schema::Message& message, JsonValue& object) {
  if (!object.IsObject()) return 0;
  int removed = 0;
  std::vector<std::string> empty;
  for (auto& m : object.GetObject()) {
    const schema::Field* field = message.FieldByJsonName(View(m.name));
    if (field == nullptr) continue;
    if (field->cardinality == schema::Cardinality::kMap && IsEmptyMap(m.value)) {
      empty.emplace_back(View(m.name));
      continue;
    }
    removed += Descend(*field, m.value);
  }
  // Erase after the walk: erasing shifts the members being iterated.
  for (const std::string& name : empty) RemoveMember(object, name);
  removed += static_cast<int>(empty.size());
  return removed;
}

}  // namespace ekslite::apiserver
