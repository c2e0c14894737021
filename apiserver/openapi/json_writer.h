// JsonWriter: a streaming JSON writer appending to a std::string, with the
// few helpers the OpenAPI documents need. OpenAPI documents are large (up to
// a few hundred KiB) and written once per change of the ResourceTable, so they
// are streamed rather than built as a DOM.
#ifndef EKSLITE_APISERVER_OPENAPI_JSON_WRITER_H_
#define EKSLITE_APISERVER_OPENAPI_JSON_WRITER_H_

#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace ekslite::apiserver::openapi {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string* out) : sink_{out}, writer_(sink_) {}

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }
  void Key(std::string_view key) { writer_.Key(key.data(), Size(key)); }
  void String(std::string_view value) { writer_.String(value.data(), Size(value)); }
  void Bool(bool value) { writer_.Bool(value); }
  void Int(int64_t value) { writer_.Int64(value); }
  // Writes `json`, a complete JSON value as text, as the next value.
  void Raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  // Writes a parsed value (a custom resource's schema, say).
  void Value(const JsonValue& value) { value.Accept(writer_); }

  // "key": "value"
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  // "key": "value", unless `value` is empty.
  void OptionalMember(std::string_view key, std::string_view value) {
    if (!value.empty()) Member(key, value);
  }
  // "key": ["a", "b"]
  void Strings(std::string_view key, const std::vector<std::string>& values) {
    Key(key);
    StartArray();
    for (const std::string& v : values) String(v);
    EndArray();
  }

 private:
  // A RapidJSON output stream appending to a std::string.
  struct Sink {
    using Ch = char;
    std::string* out;
    void Put(char c) { out->push_back(c); }
    void Flush() {}
  };
  static rapidjson::SizeType Size(std::string_view s) {
    return static_cast<rapidjson::SizeType>(s.size());
  }

  Sink sink_;
  rapidjson::Writer<Sink> writer_;
};

}  // namespace ekslite::apiserver::openapi

#endif  // EKSLITE_APISERVER_OPENAPI_JSON_WRITER_H_
