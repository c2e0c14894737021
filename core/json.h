// JSON helpers on RapidJSON. Objects are JSON at the core (DESIGN.md decision
// 2): the registry stores and serves JSON documents, and code that needs a
// field reads it through these helpers.
#ifndef EKSLITE_CORE_JSON_H_
#define EKSLITE_CORE_JSON_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite {

using Json = rapidjson::Document;
using JsonValue = rapidjson::Value;
using JsonAllocator = rapidjson::Document::AllocatorType;

// Parses `text` as one JSON document. Trailing non-space text is an error.
// Returns kBadRequest with a message that names the problem and its offset.
StatusOr<Json> ParseJson(std::string_view text);

// Serialises `value` compactly.
std::string ToJsonString(const JsonValue& value);
// Appends the compact serialisation of `value` to `out`.
void AppendJson(const JsonValue& value, std::string* out);
// Appends `s` as a quoted, escaped JSON string.
void AppendJsonString(std::string_view s, std::string* out);

// Looks up a member of an object; nullptr when `object` is not an object or has
// no such member.
const JsonValue* Member(const JsonValue& object, std::string_view name);
JsonValue* Member(JsonValue& object, std::string_view name);
// Follows a dotted path of member names ("metadata.name"); nullptr if absent.
const JsonValue* Path(const JsonValue& object, std::string_view dotted);

// The string at `dotted`, or `fallback` when absent or not a string.
std::string_view StringAt(const JsonValue& object, std::string_view dotted,
                          std::string_view fallback = "");
// The integer at `dotted`, or nullopt when absent or not an integer.
std::optional<int64_t> IntAt(const JsonValue& object, std::string_view dotted);

// Returns the member `name` of `object`, adding it as an empty object first
// when absent (or replacing a non-object value). `object` must be an object.
JsonValue& EnsureObject(JsonValue& object, std::string_view name, JsonAllocator& a);
// Sets member `name` of `object` to a copy of `value`.
void SetString(JsonValue& object, std::string_view name, std::string_view value, JsonAllocator& a);
void SetInt(JsonValue& object, std::string_view name, int64_t value, JsonAllocator& a);
void SetMember(JsonValue& object, std::string_view name, JsonValue value, JsonAllocator& a);
// Removes member `name` if present.
void RemoveMember(JsonValue& object, std::string_view name);

// A JSON string value holding a copy of `s`.
inline JsonValue MakeString(std::string_view s, JsonAllocator& a) {
  return JsonValue(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}
inline std::string_view View(const JsonValue& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

}  // namespace ekslite

#endif  // EKSLITE_CORE_JSON_H_
