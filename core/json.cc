#include "core/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ekslite {
namespace {

// A RapidJSON output stream appending to a std::string.
class StringSink {
 public:
  using Ch = char;
  explicit StringSink(std::string* out) : out_(out) {}
  void Put(char c) { out_->push_back(c); }
  void Flush() {}

 private:
  std::string* out_;
};

// A non-owning JSON string for member lookup. Passing a StringRef to
// FindMember directly would pick the `const char*` overload (strlen) through
// StringRef's implicit conversion, ignoring the length.
JsonValue Key(std::string_view name) {
  return JsonValue(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
}

}  // namespace

StatusOr<Json> ParseJson(std::string_view text) {
  Json doc;
  // Iterative: no recursion, so nesting cannot exhaust the stack. Without
  // kParseStopWhenDoneFlag, trailing non-space text is an error
  // (kParseErrorDocumentRootNotSingular).
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return Status::BadRequest(std::string("json parse error: ") +
                              rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                              std::to_string(doc.GetErrorOffset()));
  }
  return doc;
}

void AppendJson(const JsonValue& value, std::string* out) {
  StringSink sink(out);
  rapidjson::Writer<StringSink> writer(sink);
  value.Accept(writer);
}

std::string ToJsonString(const JsonValue& value) {
  std::string out;
  AppendJson(value, &out);
  return out;
}

void AppendJsonString(std::string_view s, std::string* out) {
  StringSink sink(out);
  rapidjson::Writer<StringSink> writer(sink);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

const JsonValue* Member(const JsonValue& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(Key(name));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

JsonValue* Member(JsonValue& object, std::string_view name) {
  return const_cast<JsonValue*>(Member(static_cast<const JsonValue&>(object), name));
}

const JsonValue* Path(const JsonValue& object, std::string_view dotted) {
  const JsonValue* v = &object;
  while (v != nullptr) {
    size_t dot = dotted.find('.');
    v = Member(*v, dotted.substr(0, dot));
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  return v;
}

std::string_view StringAt(const JsonValue& object, std::string_view dotted,
                          std::string_view fallback) {
  const JsonValue* v = Path(object, dotted);
  return v != nullptr && v->IsString() ? View(*v) : fallback;
}

std::optional<int64_t> IntAt(const JsonValue& object, std::string_view dotted) {
  const JsonValue* v = Path(object, dotted);
  if (v == nullptr || !v->IsInt64()) return std::nullopt;
  return v->GetInt64();
}

JsonValue& EnsureObject(JsonValue& object, std::string_view name, JsonAllocator& a) {
  JsonValue* v = Member(object, name);
  if (v == nullptr) {
    object.AddMember(MakeString(name, a), JsonValue(rapidjson::kObjectType), a);
    return (object.MemberEnd() - 1)->value;
  }
  if (!v->IsObject()) v->SetObject();
  return *v;
}

void SetMember(JsonValue& object, std::string_view name, JsonValue value, JsonAllocator& a) {
  JsonValue* v = Member(object, name);
  if (v != nullptr) {
    *v = std::move(value);
  } else {
    object.AddMember(MakeString(name, a), std::move(value), a);
  }
}

void SetString(JsonValue& object, std::string_view name, std::string_view value, JsonAllocator& a) {
  SetMember(object, name, MakeString(value, a), a);
}

void SetInt(JsonValue& object, std::string_view name, int64_t value, JsonAllocator& a) {
  SetMember(object, name, JsonValue(static_cast<int64_t>(value)), a);
}

void RemoveMember(JsonValue& object, std::string_view name) {
  if (!object.IsObject()) return;
  // EraseMember keeps the order of the remaining members; RemoveMember would not.
  auto it = object.FindMember(Key(name));
  if (it != object.MemberEnd()) object.EraseMember(it);
}

}  // namespace ekslite
