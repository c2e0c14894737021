#include "apiserver/resources/defaulting.h"

namespace ekslite::apiserver {

const JsonValue& EmptyJsonObject() {
  static const JsonValue* empty = new JsonValue(rapidjson::kObjectType);
  return *empty;
}

const JsonValue& ObjectAt(const JsonValue& obj, std::string_view name) {
  const JsonValue* v = Member(obj, name);
  return v != nullptr && v->IsObject() ? *v : EmptyJsonObject();
}

bool Unset(const JsonValue& obj, std::string_view name) {
  const JsonValue* v = Member(obj, name);
  return v == nullptr || v->IsNull();
}

void DefaultString(JsonValue& obj, std::string_view name, std::string_view value,
                   JsonAllocator& a) {
  if (StringAt(obj, name).empty()) SetString(obj, name, value, a);
}

void DefaultInt(JsonValue& obj, std::string_view name, int64_t value, JsonAllocator& a) {
  if (Unset(obj, name)) SetInt(obj, name, value, a);
}

void DefaultBool(JsonValue& obj, std::string_view name, bool value, JsonAllocator& a) {
  if (Unset(obj, name)) SetMember(obj, name, JsonValue(value), a);
}

void DefaultJson(JsonValue& obj, std::string_view name, std::string_view json, JsonAllocator& a) {
  if (!Unset(obj, name)) return;
  auto doc = ParseJson(json);
  if (doc.ok()) SetMember(obj, name, JsonValue(*doc, a), a);
}

bool BoolAt(const JsonValue& obj, std::string_view dotted, bool fallback) {
  const JsonValue* v = Path(obj, dotted);
  return v != nullptr && v->IsBool() ? v->GetBool() : fallback;
}

size_t SizeAt(const JsonValue& obj, std::string_view dotted) {
  const JsonValue* v = Path(obj, dotted);
  if (v == nullptr) return 0;
  if (v->IsObject()) return v->MemberCount();
  if (v->IsArray()) return v->Size();
  return 0;
}

void ResetStatus(Json& object, std::string_view json) {
  RemoveMember(object, "status");
  DefaultJson(object, "status", json, object.GetAllocator());
}

Strategy DefaultingStrategy(Defaulter defaults, std::string initial_status, Validator validate) {
  Strategy s;
  s.prepare_for_create = [defaults, initial_status](Json& object, const WriteContext&) -> Status {
    if (defaults) defaults(object);
    if (!initial_status.empty()) ResetStatus(object, initial_status);
    return Status::Ok();
  };
  s.prepare_for_update = [defaults](Json& object, const JsonValue&, const WriteContext&) {
    if (defaults) defaults(object);
    return Status::Ok();
  };
  s.validate = std::move(validate);
  return s;
}

}  // namespace ekslite::apiserver
