#include "apiserver/resources/strategies.h"
#include "core/api/field_errors.h"
#include "core/base64.h"

namespace ekslite::apiserver {
namespace {

bool IsBase64(std::string_view s) { return Base64Decode(s).has_value(); }

// stringData is write-only: its entries are merged into data (winning over
// data's) and it is not stored.
void MergeStringData(Json& secret) {
  const JsonValue* sd = Member(secret, "stringData");
  if (sd == nullptr || !sd->IsObject()) {
    RemoveMember(secret, "stringData");
    return;
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& m : sd->GetObject()) {
    entries.emplace_back(View(m.name), Base64Encode(View(m.value)));
  }
  RemoveMember(secret, "stringData");
  JsonValue& data = EnsureObject(secret, "data", secret.GetAllocator());
  for (const auto& [k, v] : entries) SetString(data, k, v, secret.GetAllocator());
}

bool IsImmutable(const JsonValue& object) {
  const JsonValue* v = Member(object, "immutable");
  return v != nullptr && v->IsBool() && v->GetBool();
}

// Immutable objects keep their data and may not become mutable again.
void CheckImmutable(const JsonValue& object, const JsonValue* old, std::string_view kind,
                    api::ErrorList* errors) {
  if (old == nullptr || !IsImmutable(*old)) return;
  if (!IsImmutable(object)) {
    errors->Add(
        api::Forbidden(api::FieldPath("immutable"), "field is immutable when `immutable` is set"));
  }
  for (const char* field : {"data", "binaryData", "stringData"}) {
    const JsonValue* a = Member(object, field);
    const JsonValue* b = Member(*old, field);
    bool same = (a == nullptr && b == nullptr) || (a != nullptr && b != nullptr && *a == *b);
    if (!same) {
      errors->Add(
          api::Forbidden(api::FieldPath(field), "field is immutable when `immutable` is set"));
    }
  }
}

}  // namespace

Strategy SecretStrategy() {
  Strategy s;
  s.prepare_for_create = [](Json& secret, const WriteContext&) -> Status {
    MergeStringData(secret);
    if (StringAt(secret, "type").empty())
      SetString(secret, "type", "Opaque", secret.GetAllocator());
    return Status::Ok();
  };
  s.prepare_for_update = [](Json& secret, const JsonValue& old, const WriteContext&) -> Status {
    MergeStringData(secret);
    if (StringAt(secret, "type").empty()) {
      SetString(secret, "type", StringAt(old, "type", "Opaque"), secret.GetAllocator());
    }
    return Status::Ok();
  };
  s.validate = [](const JsonValue& secret, const JsonValue* old) -> Status {
    api::ErrorList errors;
    if (const JsonValue* data = Member(secret, "data"); data != nullptr && data->IsObject()) {
      for (const auto& m : data->GetObject()) {
        if (!m.value.IsString() || !IsBase64(View(m.value))) {
          errors.Add(api::Invalid(api::FieldPath("data").Key(View(m.name)),
                                  api::BadValue::Omitted(), "must be a base64-encoded string"));
        }
      }
    }
    if (old != nullptr && StringAt(*old, "type") != StringAt(secret, "type")) {
      errors.Add(
          api::Invalid(api::FieldPath("type"), StringAt(secret, "type"), "field is immutable"));
    }
    CheckImmutable(secret, old, "Secret", &errors);
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus("Secret", "", StringAt(secret, "metadata.name"), errors);
  };
  return s;
}

Strategy ImmutableDataStrategy() {
  Strategy s;
  s.validate = [](const JsonValue& cm, const JsonValue* old) -> Status {
    api::ErrorList errors;
    CheckImmutable(cm, old, "ConfigMap", &errors);
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus("ConfigMap", "", StringAt(cm, "metadata.name"), errors);
  };
  return s;
}

}  // namespace ekslite::apiserver
