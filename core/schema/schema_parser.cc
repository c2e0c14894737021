// ParseSchema: the text format of core/schema/README.md into a Schema.
//
// One pass over the lines collects messages and kinds with their message
// references still as names; a second pass resolves the names (reporting the
// line of any unknown one) and builds each message's lookup tables.
#include <charconv>
#include <set>
#include <utility>

#include "core/schema/schema.h"

namespace ekslite::schema {
namespace {

// Where a message reference was written, for the second pass.
struct PendingRef {
  Message* message;
  size_t field_index;
  std::string location;  // "core.v1.schema:12"
};
struct PendingKind {
  GroupVersionKind gvk;
  std::string message;
  std::string location;
};

const std::map<std::string_view, Type, std::less<>>& Keywords() {
  static const auto* kKeywords = new std::map<std::string_view, Type, std::less<>>{
      {"string", Type::kString},
      {"bool", Type::kBool},
      {"int32", Type::kInt32},
      {"int64", Type::kInt64},
      {"double", Type::kDouble},
      {"bytes", Type::kBytes},
      {"quantity", Type::kQuantity},
      {"time", Type::kTime},
      {"microtime", Type::kMicroTime},
      {"duration", Type::kDuration},
      {"intorstring", Type::kIntOrString},
      {"rawextension", Type::kRawExtension},
      {"fieldsv1", Type::kFieldsV1},
      {"json", Type::kJson},
  };
  return *kKeywords;
}

// Splits on runs of spaces and tabs.
std::vector<std::string_view> Tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Undoes the one escape the format has: "\u0020" for a space inside a default.
std::string UnescapeSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 6) == "\\u0020") {
      out.push_back(' ');
      i += 5;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

// Builds a Schema; a friend of Schema and Message.
class SchemaBuilder {
 public:
  Status AddSource(const SchemaSource& source);
  StatusOr<std::unique_ptr<Schema>> Finish();

 private:
  Status ParseLine(std::string_view line, const std::string& location);
  Status ParseMessageLine(const std::vector<std::string_view>& t, const std::string& location);
  Status ParseKindLine(const std::vector<std::string_view>& t, const std::string& location);
  Status ParseFieldLine(const std::vector<std::string_view>& t, const std::string& location);
  Status ParseFieldAttribute(std::string_view attr, Field* field, const std::string& location);
  std::string FullName(std::string_view name) const {
    if (name.find('.') != std::string_view::npos || package_.empty()) return std::string(name);
    return package_ + "." + std::string(name);
  }
  // Adds the JSON names of `m` (and of its inline fields) to `index`.
  Status IndexJsonNames(const Message& m, Message* index, int depth);

  static Status Error(const std::string& location, std::string_view what) {
    return Status::Invalid(location + ": " + std::string(what));
  }

  std::unique_ptr<Schema> schema_ = std::make_unique<Schema>();
  std::string package_;
  Message* current_ = nullptr;
  std::vector<PendingRef> refs_;
  std::vector<PendingKind> kinds_;
};

Status SchemaBuilder::AddSource(const SchemaSource& source) {
  package_.clear();
  current_ = nullptr;
  std::string_view text = source.text;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string location = std::string(source.name) + ":" + std::to_string(line_number);
    EKS_RETURN_IF_ERROR(ParseLine(line, location));
  }
  return Status::Ok();
}

Status SchemaBuilder::ParseLine(std::string_view line, const std::string& location) {
  std::vector<std::string_view> t = Tokens(line);
  if (t.empty() || t[0][0] == '#') return Status::Ok();
  bool indented = line[0] == ' ' || line[0] == '\t';
  if (indented) return ParseFieldLine(t, location);
  if (t[0] == "package") {
    if (t.size() != 2) return Error(location, "want: package NAME");
    package_ = std::string(t[1]);
    current_ = nullptr;
    return Status::Ok();
  }
  if (t[0] == "message") return ParseMessageLine(t, location);
  if (t[0] == "kind") return ParseKindLine(t, location);
  return Error(location, "unknown directive \"" + std::string(t[0]) + "\"");
}

Status SchemaBuilder::ParseMessageLine(const std::vector<std::string_view>& t,
                                       const std::string& location) {
  if (t.size() < 2) return Error(location, "want: message NAME [ATTR=VALUE...]");
  std::string name = FullName(t[1]);
  if (schema_->messages_.count(name)) return Error(location, "duplicate message " + name);
  auto message = std::make_unique<Message>();
  message->name = name;
  for (size_t i = 2; i < t.size(); ++i) {
    auto [key, value] = std::pair(t[i].substr(0, t[i].find('=')), std::string_view());
    if (key.size() < t[i].size()) value = t[i].substr(key.size() + 1);
    if (key == "listwrapper") {
      message->list_wrapper = std::string(value);
    } else if (key == "map") {
      message->map_type = std::string(value);
    } else {
      return Error(location, "unknown message attribute \"" + std::string(t[i]) + "\"");
    }
  }
  current_ = message.get();
  schema_->messages_.emplace(name, std::move(message));
  return Status::Ok();
}

Status SchemaBuilder::ParseKindLine(const std::vector<std::string_view>& t,
                                    const std::string& location) {
  if (t.size() != 4) return Error(location, "want: kind APIVERSION KIND MESSAGE");
  GroupVersionKind gvk;
  std::string_view api_version = t[1];
  size_t slash = api_version.rfind('/');
  if (slash != std::string_view::npos) {
    gvk.group = std::string(api_version.substr(0, slash));
    gvk.version = std::string(api_version.substr(slash + 1));
  } else {
    gvk.version = std::string(api_version);
  }
  gvk.kind = std::string(t[2]);
  if (gvk.version.empty() || gvk.kind.empty()) return Error(location, "empty version or kind");
  kinds_.push_back({std::move(gvk), FullName(t[3]), location});
  return Status::Ok();
}

Status SchemaBuilder::ParseFieldLine(const std::vector<std::string_view>& t,
                                     const std::string& location) {
  if (current_ == nullptr) return Error(location, "field outside a message");
  if (t.size() < 3) return Error(location, "want: JSONNAME NUMBER TYPE [ATTR...]");
  Field field;
  field.json_name = std::string(t[0]);
  auto [ptr, ec] = std::from_chars(t[1].data(), t[1].data() + t[1].size(), field.number);
  if (ec != std::errc() || ptr != t[1].data() + t[1].size() || field.number < 0 ||
      field.number > 536870911) {
    return Error(location, "bad field number \"" + std::string(t[1]) + "\"");
  }
  std::string_view type = t[2];
  if (type.starts_with("[]")) {
    field.cardinality = Cardinality::kList;
    type.remove_prefix(2);
  } else if (type.starts_with("map[string]")) {
    field.cardinality = Cardinality::kMap;
    type.remove_prefix(11);
  }
  if (type.empty()) return Error(location, "missing type");
  auto keyword = Keywords().find(type);
  if (keyword != Keywords().end()) {
    field.type = keyword->second;
  } else {
    field.type = Type::kMessage;
    field.message = FullName(type);
    refs_.push_back({current_, current_->fields.size(), location});
  }
  for (size_t i = 3; i < t.size(); ++i) {
    EKS_RETURN_IF_ERROR(ParseFieldAttribute(t[i], &field, location));
  }
  if (field.inline_json &&
      (field.type != Type::kMessage || field.cardinality != Cardinality::kSingle)) {
    return Error(location, "inline field must be a single message");
  }
  for (const Field& other : current_->fields) {
    if (other.json_name == field.json_name)
      return Error(location, "duplicate field " + field.json_name);
    if (field.number != 0 && other.number == field.number) {
      return Error(location, "duplicate field number " + std::to_string(field.number));
    }
  }
  current_->fields.push_back(std::move(field));
  return Status::Ok();
}

Status SchemaBuilder::ParseFieldAttribute(std::string_view attr, Field* field,
                                          const std::string& location) {
  std::string_view key = attr.substr(0, attr.find('='));
  std::string_view value = key.size() < attr.size() ? attr.substr(key.size() + 1) : "";
  if (attr == "ptr") {
    field->pointer = true;
  } else if (attr == "inline") {
    field->inline_json = true;
  } else if (attr == "required") {
    field->required = true;
  } else if (key == "patch") {
    field->patch_strategy = std::string(value);
  } else if (key == "mergekey") {
    field->patch_merge_key = std::string(value);
  } else if (key == "list") {
    field->list_type = std::string(value);
  } else if (key == "listkeys") {
    field->list_map_keys = SplitList(value, ',');
  } else if (key == "map") {
    field->map_type = std::string(value);
  } else if (key == "default") {
    field->default_json = UnescapeSpaces(value);
  } else if (key == "enum") {
    field->enum_values = SplitList(value, '|');
  } else {
    return Error(location, "unknown field attribute \"" + std::string(attr) + "\"");
  }
  if (key != attr && value.empty())
    return Error(location, "empty value in \"" + std::string(attr) + "\"");
  return Status::Ok();
}

Status SchemaBuilder::IndexJsonNames(const Message& m, Message* index, int depth) {
  if (depth > 8) return Status::Invalid("inline fields of " + index->name + " nest too deeply");
  for (const Field& f : m.fields) {
    if (f.inline_json) {
      EKS_RETURN_IF_ERROR(IndexJsonNames(*f.message_type, index, depth + 1));
      continue;
    }
    if (!index->by_json_.emplace(f.json_name, &f).second) {
      return Status::Invalid("message " + index->name + ": JSON name \"" + f.json_name +
                             "\" appears twice through inline fields");
    }
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<Schema>> SchemaBuilder::Finish() {
  for (const PendingRef& ref : refs_) {
    Field& field = ref.message->fields[ref.field_index];
    const Message* target = schema_->FindMessage(field.message);
    if (target == nullptr) return Error(ref.location, "unknown message " + field.message);
    field.message_type = target;
  }
  for (auto& [name, message] : schema_->messages_) {
    for (const Field& f : message->fields) {
      if (f.number != 0) message->by_number_.emplace(f.number, &f);
    }
    EKS_RETURN_IF_ERROR(IndexJsonNames(*message, message.get(), 0));
    if (!message->list_wrapper.empty()) {
      const Field* items = message->FieldByJsonName(message->list_wrapper);
      if (items == nullptr || items->cardinality != Cardinality::kList) {
        return Status::Invalid("message " + name + ": listwrapper names no list field");
      }
    }
  }
  for (PendingKind& kind : kinds_) {
    const Message* target = schema_->FindMessage(kind.message);
    if (target == nullptr) return Error(kind.location, "unknown message " + kind.message);
    if (!schema_->kinds_.emplace(kind.gvk, target).second) {
      return Error(kind.location, "duplicate kind " + kind.gvk.ApiVersion() + " " + kind.gvk.kind);
    }
  }
  return std::move(schema_);
}

StatusOr<std::unique_ptr<Schema>> ParseSchemaSources(std::span<const SchemaSource> sources) {
  SchemaBuilder builder;
  for (const SchemaSource& source : sources) EKS_RETURN_IF_ERROR(builder.AddSource(source));
  return builder.Finish();
}

StatusOr<std::unique_ptr<Schema>> ParseSchema(std::string_view text) {
  SchemaSource source{"schema", text};
  return ParseSchemaSources(std::span<const SchemaSource>(&source, 1));
}

}  // namespace ekslite::schema
