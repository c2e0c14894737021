#include "core/protobuf/decoder.h"

#include <bit>
#include <cmath>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base64.h"
#include "core/protobuf/well_known.h"
#include "core/protobuf/wire_reader.h"

namespace ekslite::protobuf {
namespace {

using schema::Cardinality;
using schema::Field;
using schema::Message;
using schema::Type;

// Nesting limits: messages (and embedded objects) inside each other, and
// arrays/objects inside embedded JSON.
constexpr int kMaxDepth = 100;
constexpr int kMaxEmbeddedJsonDepth = 1000;

Status FieldError(const Field& f, std::string_view what) {
  return Status::BadRequest("protobuf: field \"" + f.json_name + "\" (" + std::to_string(f.number) +
                            "): " + std::string(what));
}

// `s` as a JSON string, with invalid UTF-8 replaced by U+FFFD as Go's JSON
// encoder does.
JsonValue Utf8String(std::string_view s, JsonAllocator& a) {
  if (s.empty()) return JsonValue(rapidjson::kStringType);  // s.data() may be null
  std::string fixed;
  bool valid = true;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok && n > 1) {
      uint32_t cp = c & (0xff >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3f);
      // No overlong forms, surrogates or code points past U+10FFFF.
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[n] && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    }
    if (!ok) {
      if (valid) fixed.assign(s.substr(0, i));
      valid = false;
      fixed.append("\xEF\xBF\xBD");
      ++i;
      continue;
    }
    if (!valid) fixed.append(s.substr(i, n));
    i += n;
  }
  return MakeString(valid ? s : std::string_view(fixed), a);
}

// Parses embedded JSON (RawExtension, FieldsV1, apiextensions JSON) into a
// value owned by `a`, refusing nesting beyond kMaxEmbeddedJsonDepth.
StatusOr<JsonValue> ParseEmbeddedJson(std::string_view raw, JsonAllocator& a) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxEmbeddedJsonDepth)
        return Status::BadRequest("protobuf: embedded JSON nests too deeply");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  Json doc(&a);
  doc.Parse<rapidjson::kParseIterativeFlag>(raw.data(), raw.size());
  if (doc.HasParseError()) return Status::BadRequest("protobuf: embedded object is not valid JSON");
  JsonValue out;
  out.Swap(doc);  // the values live in `a`, which outlives `doc`
  return out;
}

class Decoder {
 public:
  Decoder(const schema::Schema& schema, JsonAllocator& a) : schema_(schema), a_(a) {}

  // Adds the fields of message `m`, encoded in `bytes`, to the object `out`.
  Status DecodeFields(const Message& m, std::string_view bytes, JsonValue& out, int depth);
  // Decodes a whole envelope (kind and apiVersion first) into `out`.
  Status DecodeEnvelope(std::string_view body, JsonValue& out, int depth);

 private:
  struct Group {
    const Field* field;
    std::vector<WireField> values;
  };
  Status DecodeGroup(const Group& g, JsonValue& out, int depth);
  Status DecodeMap(const Field& f, const std::vector<WireField>& entries, JsonValue& out,
                   int depth);
  Status DecodeList(const Field& f, const std::vector<WireField>& values, JsonValue& out,
                    int depth);
  // One value of f's element type. `*zero` tells whether it is the Go zero
  // value that a non-pointer field leaves out of its JSON.
  StatusOr<JsonValue> DecodeElement(const Field& f, const WireField& w, int depth, bool* zero);
  StatusOr<JsonValue> DecodeSpecial(const Field& f, std::string_view bytes, int depth, bool* zero);
  StatusOr<JsonValue> DecodeEmbedded(const Field& f, std::string_view raw, int depth, bool* zero);
  StatusOr<JsonValue> DecodeNested(const Message& m, std::string_view bytes, int depth);

  void Set(JsonValue& out, const std::string& name, JsonValue value) {
    auto it = out.FindMember(name.c_str());
    if (it != out.MemberEnd()) {
      it->value = std::move(value);
    } else {
      out.AddMember(MakeString(name, a_), value, a_);
    }
  }

  const schema::Schema& schema_;
  JsonAllocator& a_;
};

Status Decoder::DecodeFields(const Message& m, std::string_view bytes, JsonValue& out, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("protobuf: messages nest too deeply");
  // Group the values of each known field (repeated fields arrive one value per
  // key, possibly interleaved), then decode field by field.
  std::vector<Group> groups;
  WireReader reader(bytes);
  while (!reader.AtEnd()) {
    EKS_ASSIGN_OR_RETURN(WireField w, reader.Next());
    const Field* f = m.FieldByNumber(w.number);
    if (f == nullptr) continue;  // a newer field than this schema knows: skip it
    Group* g = nullptr;
    for (Group& existing : groups) {
      if (existing.field == f) g = &existing;
    }
    if (g == nullptr) g = &groups.emplace_back(Group{f, {}});
    g->values.push_back(w);
  }
  for (const Group& g : groups) EKS_RETURN_IF_ERROR(DecodeGroup(g, out, depth));
  return Status::Ok();
}

Status Decoder::DecodeGroup(const Group& g, JsonValue& out, int depth) {
  const Field& f = *g.field;
  if (f.inline_json) {
    for (const WireField& w : g.values) {
      if (w.wire_type != WireType::kLengthDelimited) return FieldError(f, "want a message");
      EKS_RETURN_IF_ERROR(DecodeFields(*f.message_type, w.bytes, out, depth + 1));
    }
    return Status::Ok();
  }
  if (f.cardinality == Cardinality::kList) return DecodeList(f, g.values, out, depth);
  if (f.cardinality == Cardinality::kMap) return DecodeMap(f, g.values, out, depth);
  if (f.type == Type::kMessage && f.message_type->list_wrapper.empty()) {
    // A message given more than once merges, as protobuf defines.
    JsonValue object(rapidjson::kObjectType);
    for (const WireField& w : g.values) {
      if (w.wire_type != WireType::kLengthDelimited) return FieldError(f, "want a message");
      EKS_RETURN_IF_ERROR(DecodeFields(*f.message_type, w.bytes, object, depth + 1));
    }
    Set(out, f.json_name, std::move(object));
    return Status::Ok();
  }
  // A scalar given more than once: the last value wins.
  bool zero = false;
  EKS_ASSIGN_OR_RETURN(JsonValue value, DecodeElement(f, g.values.back(), depth, &zero));
  bool keep = !zero ||
              (f.pointer && f.type != Type::kTime && f.type != Type::kMicroTime &&
               f.type != Type::kRawExtension && f.type != Type::kFieldsV1 && f.type != Type::kJson);
  if (keep) Set(out, f.json_name, std::move(value));
  return Status::Ok();
}

Status Decoder::DecodeList(const Field& f, const std::vector<WireField>& values, JsonValue& out,
                           int depth) {
  JsonValue array(rapidjson::kArrayType);
  bool numeric = f.type == Type::kBool || f.type == Type::kInt32 || f.type == Type::kInt64 ||
                 f.type == Type::kDouble;
  for (const WireField& w : values) {
    if (numeric && w.wire_type == WireType::kLengthDelimited) {
      // Packed encoding: many numbers in one payload.
      Status status;
      auto add = [&](uint64_t bits) {
        WireField one{
            w.number, f.type == Type::kDouble ? WireType::kFixed64 : WireType::kVarint, bits, {}};
        bool zero = false;
        auto v = DecodeElement(f, one, depth, &zero);
        if (!v.ok() && status.ok()) status = v.status();
        if (v.ok()) array.PushBack(std::move(v).value(), a_);
      };
      EKS_RETURN_IF_ERROR(f.type == Type::kDouble ? WireReader::ForEachPackedFixed64(w.bytes, add)
                                                  : WireReader::ForEachPackedVarint(w.bytes, add));
      EKS_RETURN_IF_ERROR(status);
      continue;
    }
    bool zero = false;
    EKS_ASSIGN_OR_RETURN(JsonValue v, DecodeElement(f, w, depth, &zero));
    array.PushBack(std::move(v), a_);
  }
  Set(out, f.json_name, std::move(array));
  return Status::Ok();
}

Status Decoder::DecodeMap(const Field& f, const std::vector<WireField>& entries, JsonValue& out,
                          int depth) {
  // Later entries with the same key replace earlier ones; keys keep the order
  // of their first appearance.
  std::vector<std::pair<std::string, JsonValue>> members;
  std::unordered_map<std::string, size_t> index;
  for (const WireField& entry : entries) {
    if (entry.wire_type != WireType::kLengthDelimited) return FieldError(f, "want a map entry");
    std::string key;
    // An absent value is the zero value of its type: decode an empty one.
    WireField value{2, WireType::kLengthDelimited, 0, {}};
    bool numeric = f.type == Type::kBool || f.type == Type::kInt32 || f.type == Type::kInt64;
    if (numeric) value.wire_type = WireType::kVarint;
    if (f.type == Type::kDouble) value.wire_type = WireType::kFixed64;
    WireReader reader(entry.bytes);
    while (!reader.AtEnd()) {
      EKS_ASSIGN_OR_RETURN(WireField w, reader.Next());
      if (w.number == 1) {
        if (w.wire_type != WireType::kLengthDelimited)
          return FieldError(f, "map key is not a string");
        key.assign(w.bytes);
      } else if (w.number == 2) {
        value = w;
      }
    }
    bool zero = false;
    EKS_ASSIGN_OR_RETURN(JsonValue v, DecodeElement(f, value, depth, &zero));
    auto [it, inserted] = index.emplace(key, members.size());
    if (inserted) {
      members.emplace_back(std::move(key), std::move(v));
    } else {
      members[it->second].second = std::move(v);
    }
  }
  JsonValue object(rapidjson::kObjectType);
  for (auto& [key, v] : members) object.AddMember(Utf8String(key, a_), v, a_);
  Set(out, f.json_name, std::move(object));
  return Status::Ok();
}

StatusOr<JsonValue> Decoder::DecodeNested(const Message& m, std::string_view bytes, int depth) {
  JsonValue object(rapidjson::kObjectType);
  EKS_RETURN_IF_ERROR(DecodeFields(m, bytes, object, depth + 1));
  if (m.list_wrapper.empty()) return object;
  // A list wrapper (e.g. ExtraValue) is its items in JSON.
  auto it = object.FindMember(m.list_wrapper.c_str());
  if (it == object.MemberEnd() || !it->value.IsArray()) return JsonValue(rapidjson::kArrayType);
  return JsonValue(std::move(it->value));
}

StatusOr<JsonValue> Decoder::DecodeElement(const Field& f, const WireField& w, int depth,
                                           bool* zero) {
  bool want_varint = f.type == Type::kBool || f.type == Type::kInt32 || f.type == Type::kInt64;
  WireType want = want_varint               ? WireType::kVarint
                  : f.type == Type::kDouble ? WireType::kFixed64
                                            : WireType::kLengthDelimited;
  if (w.wire_type != want) {
    return FieldError(f, "wire type " + std::to_string(static_cast<int>(w.wire_type)) + ", want " +
                             std::to_string(static_cast<int>(want)));
  }
  switch (f.type) {
    case Type::kString:
      *zero = w.bytes.empty();
      return Utf8String(w.bytes, a_);
    case Type::kBool:
      *zero = w.number_value == 0;
      return JsonValue(w.number_value != 0);
    case Type::kInt32: {
      auto v = static_cast<int32_t>(static_cast<uint32_t>(w.number_value));
      *zero = v == 0;
      return JsonValue(v);
    }
    case Type::kInt64: {
      auto v = static_cast<int64_t>(w.number_value);
      *zero = v == 0;
      return JsonValue(v);
    }
    case Type::kDouble: {
      double v = std::bit_cast<double>(w.number_value);
      if (!std::isfinite(v)) return FieldError(f, "not a finite number");
      *zero = v == 0;
      return JsonValue(v);
    }
    case Type::kBytes:
      *zero = w.bytes.empty();
      return MakeString(Base64Encode(w.bytes), a_);
    case Type::kMessage:
      return DecodeNested(*f.message_type, w.bytes, depth);
    default:
      return DecodeSpecial(f, w.bytes, depth, zero);
  }
}

// The special messages: Quantity, Time, MicroTime, Duration, IntOrString,
// RawExtension, FieldsV1 and JSON.
StatusOr<JsonValue> Decoder::DecodeSpecial(const Field& f, std::string_view bytes, int depth,
                                           bool* zero) {
  // Their fields: at most three, numbered 1..3.
  uint64_t varints[4] = {0, 0, 0, 0};
  std::string_view strings[4];
  WireReader reader(bytes);
  while (!reader.AtEnd()) {
    EKS_ASSIGN_OR_RETURN(WireField w, reader.Next());
    if (w.number > 3) continue;
    if (w.wire_type == WireType::kVarint)
      varints[w.number] = w.number_value;
    else if (w.wire_type == WireType::kLengthDelimited)
      strings[w.number] = w.bytes;
    else
      return FieldError(f, "unexpected wire type inside " + std::string(TypeName(f.type)));
  }
  switch (f.type) {
    case Type::kQuantity:
      *zero = strings[1].empty();
      return Utf8String(strings[1].empty() ? std::string_view("0") : strings[1], a_);
    case Type::kTime:
    case Type::kMicroTime: {
      auto seconds = static_cast<int64_t>(varints[1]);
      auto nanos = static_cast<int32_t>(static_cast<uint32_t>(varints[2]));
      if (seconds == 0 && nanos == 0) {
        *zero = true;  // the zero time: null in JSON
        return JsonValue(rapidjson::kNullType);
      }
      auto text = FormatRfc3339(seconds, nanos, f.type == Type::kMicroTime);
      if (!text.ok()) return FieldError(f, text.status().message());
      return MakeString(*text, a_);
    }
    case Type::kDuration:
      *zero = varints[1] == 0;
      return MakeString(FormatGoDuration(static_cast<int64_t>(varints[1])), a_);
    case Type::kIntOrString:
      if (varints[1] == 0) {
        auto v = static_cast<int32_t>(static_cast<uint32_t>(varints[2]));
        *zero = v == 0;
        return JsonValue(v);
      }
      if (varints[1] == 1) return Utf8String(strings[3], a_);
      return FieldError(f, "IntOrString of unknown type " + std::to_string(varints[1]));
    default:
      return DecodeEmbedded(f, strings[1], depth, zero);
  }
}

StatusOr<JsonValue> Decoder::DecodeEmbedded(const Field& f, std::string_view raw, int depth,
                                            bool* zero) {
  if (raw.empty()) {
    *zero = true;
    return JsonValue(rapidjson::kNullType);
  }
  if (f.type == Type::kRawExtension && raw.starts_with(kMagic)) {
    // An embedded object the client encoded as protobuf too.
    JsonValue object(rapidjson::kObjectType);
    EKS_RETURN_IF_ERROR(DecodeEnvelope(raw, object, depth + 1));
    return object;
  }
  auto value = ParseEmbeddedJson(raw, a_);
  if (!value.ok()) return FieldError(f, value.status().message());
  return std::move(value).value();
}

StatusOr<const Message*> FindKindMessage(const schema::Schema& schema, const Envelope& env) {
  if (env.kind.empty()) return Status::BadRequest("protobuf: the object has no kind");
  if (!env.content_encoding.empty()) {
    return Status::UnsupportedMediaType("protobuf: unsupported content encoding \"" +
                                        env.content_encoding + "\"");
  }
  schema::GroupVersionKind gvk;
  size_t slash = env.api_version.rfind('/');
  if (slash != std::string::npos) gvk.group = env.api_version.substr(0, slash);
  gvk.version = env.api_version.substr(slash == std::string::npos ? 0 : slash + 1);
  gvk.kind = env.kind;
  const Message* m = schema.FindKind(gvk);
  if (m == nullptr) m = schema.FindKind({"meta.k8s.io", "v1", env.kind});
  // Kinds described for JSON only (CustomResourceDefinition) have no numbers.
  bool has_numbers = false;
  if (m != nullptr) {
    for (const Field& f : m->fields) has_numbers = has_numbers || f.number > 0;
  }
  if (!has_numbers) {
    return Status::UnsupportedMediaType("no protobuf schema for kind \"" + env.kind + "\" in \"" +
                                        env.api_version + "\"");
  }
  return m;
}

Status Decoder::DecodeEnvelope(std::string_view body, JsonValue& out, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("protobuf: objects nest too deeply");
  EKS_ASSIGN_OR_RETURN(Envelope env, ParseEnvelope(body));
  EKS_ASSIGN_OR_RETURN(const Message* m, FindKindMessage(schema_, env));
  out.SetObject();
  out.AddMember("kind", MakeString(env.kind, a_), a_);
  out.AddMember("apiVersion", MakeString(env.api_version, a_), a_);
  return DecodeFields(*m, env.raw, out, depth + 1);
}

}  // namespace

StatusOr<Envelope> ParseEnvelope(std::string_view body) {
  if (!body.starts_with(kMagic)) return Status::BadRequest("protobuf: body lacks the k8s magic");
  Envelope env;
  WireReader reader(body.substr(kMagic.size()));
  while (!reader.AtEnd()) {
    EKS_ASSIGN_OR_RETURN(WireField w, reader.Next());
    if (w.number > 4) continue;
    if (w.wire_type != WireType::kLengthDelimited) {
      return Status::BadRequest("protobuf: malformed envelope field " + std::to_string(w.number));
    }
    if (w.number == 1) {
      WireReader meta(w.bytes);
      while (!meta.AtEnd()) {
        EKS_ASSIGN_OR_RETURN(WireField m, meta.Next());
        if (m.wire_type != WireType::kLengthDelimited) continue;
        if (m.number == 1) env.api_version.assign(m.bytes);
        if (m.number == 2) env.kind.assign(m.bytes);
      }
    } else if (w.number == 2) {
      env.raw = w.bytes;
    } else if (w.number == 3) {
      env.content_encoding.assign(w.bytes);
    } else {
      env.content_type.assign(w.bytes);
    }
  }
  return env;
}

StatusOr<Json> DecodeObject(const schema::Schema& schema, std::string_view body) {
  Json doc;
  Decoder decoder(schema, doc.GetAllocator());
  EKS_RETURN_IF_ERROR(decoder.DecodeEnvelope(body, doc, 0));
  return doc;
}

StatusOr<Json> DecodeMessage(const schema::Schema& schema, std::string_view message_name,
                             std::string_view bytes) {
  const Message* m = schema.FindMessage(message_name);
  if (m == nullptr) return Status::NotFound("no message \"" + std::string(message_name) + "\"");
  Json doc;
  doc.SetObject();
  Decoder decoder(schema, doc.GetAllocator());
  EKS_RETURN_IF_ERROR(decoder.DecodeFields(*m, bytes, doc, 0));
  return doc;
}

}  // namespace ekslite::protobuf
