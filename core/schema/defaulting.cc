#include "core/schema/defaulting.h"

#include <string_view>
#include <utility>
#include <vector>

namespace ekslite::schema {
namespace {

struct Item {
  const Message* message;
  JsonValue* object;
};

bool IsZero(const JsonValue& v) {
  if (v.IsString()) return v.GetStringLength() == 0;
  if (v.IsBool()) return !v.GetBool();
  if (v.IsInt64()) return v.GetInt64() == 0;
  if (v.IsNumber()) return v.GetDouble() == 0;
  return false;
}

bool IsZeroDefault(std::string_view json) { return json == "\"\"" || json == "0" || json == "false"; }

// Whether `field`'s default replaces `have` (nullptr when absent).
bool NeedsDefault(const Field& field, const JsonValue* have) {
  if (have == nullptr || have->IsNull()) return true;
  return !field.pointer && IsZero(*have) && !IsZeroDefault(field.default_json);
}

// Sets the defaults of `message`'s fields, inline fields' fields included,
// on `object`. Recursion follows inline fields only (bounded by the schema).
size_t SetDefaults(const Message& message, JsonValue& object, JsonAllocator& a) {
  size_t set = 0;
  for (const Field& f : message.fields) {
    if (f.inline_json && f.message_type != nullptr) {
      set += SetDefaults(*f.message_type, object, a);
      continue;
    }
    if (f.default_json.empty()) continue;
    JsonValue* have = Member(object, f.json_name);
    if (!NeedsDefault(f, have)) continue;
    Json parsed;
    parsed.Parse(f.default_json.data(), f.default_json.size());
    if (parsed.HasParseError()) continue;  // the schema parser accepted it; be safe anyway
    JsonValue value(parsed, a);
    if (have != nullptr) {
      *have = std::move(value);
    } else {
      object.AddMember(MakeString(f.json_name, a), value, a);
    }
    ++set;
  }
  return set;
}

// Queues the message objects held by member `value` of type `field`.
void QueueChildren(const Field& field, JsonValue& value, std::vector<Item>* stack) {
  if (field.type != Type::kMessage || !field.message_type->list_wrapper.empty()) return;
  const Message* m = field.message_type;
  switch (field.cardinality) {
    case Cardinality::kSingle:
      if (value.IsObject()) stack->push_back({m, &value});
      return;
    case Cardinality::kList:
      if (!value.IsArray()) return;
      for (JsonValue& e : value.GetArray()) {
        if (e.IsObject()) stack->push_back({m, &e});
      }
      return;
    case Cardinality::kMap:
      if (!value.IsObject()) return;
      for (auto& e : value.GetObject()) {
        if (e.value.IsObject()) stack->push_back({m, &e.value});
      }
      return;
  }
}

}  // namespace

size_t ApplyConstantDefaults(const Message& message, JsonValue& object, JsonAllocator& allocator) {
  if (!object.IsObject()) return 0;
  size_t set = 0;
  std::vector<Item> stack{{&message, &object}};
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    set += SetDefaults(*item.message, *item.object, allocator);
    for (auto& m : item.object->GetObject()) {
      const Field* f = item.message->FieldByJsonName(View(m.name));
      if (f != nullptr) QueueChildren(*f, m.value, &stack);
    }
  }
  return set;
}

}  // namespace ekslite::schema
