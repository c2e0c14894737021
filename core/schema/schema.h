// The API schema: the one description of every built-in message type (fields,
// JSON names, types, protobuf field numbers, list/map semantics, patch
// strategies and merge keys, constant defaults) from which strict validation,
// defaulting, protobuf decoding, strategic merge patch and OpenAPI are derived.
//
// The schema is loaded from the project's own schema files (core/schema/data/,
// format in core/schema/README.md) that are compiled into the binary. It is
// immutable once loaded and safe to share between threads.
#ifndef EKSLITE_CORE_SCHEMA_SCHEMA_H_
#define EKSLITE_CORE_SCHEMA_SCHEMA_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

namespace ekslite::schema {

// The type of a field's value (of each element, for lists and maps).
enum class Type {
  kString,
  kBool,
  kInt32,
  kInt64,
  kDouble,
  kBytes,         // []byte: base64 in JSON, raw bytes in protobuf
  kQuantity,      // resource.Quantity: "500m", "2Gi"
  kTime,          // metav1.Time: RFC 3339, seconds
  kMicroTime,     // metav1.MicroTime: RFC 3339, microseconds
  kDuration,      // metav1.Duration: "1h2m3s"
  kIntOrString,   // intstr.IntOrString
  kRawExtension,  // runtime.RawExtension: any embedded JSON object
  kFieldsV1,      // metav1.FieldsV1: a JSON object (managedFields)
  kJson,          // apiextensions JSON: any JSON value
  kMessage,       // a message type of this schema, named by Field::message
};

enum class Cardinality { kSingle, kList, kMap };  // T, []T, map[string]T

// The schema-file keyword of a non-message type ("string", "quantity", ...);
// "message" for kMessage.
std::string_view TypeName(Type type);

struct Message;
struct Field;

// Validation constraints of OpenAPI (structural) schemas, as custom resources
// declare them; built-in messages have none (their rules are code). Applies to
// the field's value, or to each element of a list or map field (see Field).
struct Constraints {
  std::optional<double> minimum;
  std::optional<double> maximum;
  bool exclusive_minimum = false;
  bool exclusive_maximum = false;
  std::optional<double> multiple_of;
  std::optional<int64_t> min_length;
  std::optional<int64_t> max_length;
  std::optional<int64_t> min_items;
  std::optional<int64_t> max_items;
  std::optional<int64_t> min_properties;
  std::optional<int64_t> max_properties;
  std::string pattern;  // ECMA-262 subset, as upstream validates it
  std::string format;   // "int32", "date-time", ...: informational unless validated
  std::vector<std::string> enum_json;  // allowed values, each as JSON text
  bool nullable = false;               // null is a valid value
  // The value validations under allOf / anyOf / oneOf / not. Each branch is a
  // Field without a type of its own (Type::kJson): its constraints, and its
  // message_type (properties) or item_constraints (items), apply to the same
  // value when it has that shape.
  std::vector<std::shared_ptr<const Field>> all_of;
  std::vector<std::shared_ptr<const Field>> any_of;
  std::vector<std::shared_ptr<const Field>> one_of;
  std::shared_ptr<const Field> not_;
};

// Transparent string hashing, so maps keyed by std::string take string_view.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

struct Field {
  std::string json_name;  // "containers"; for an inline field, the Go field's name
  int number = 0;         // protobuf field number; 0 = not in protobuf
  Type type = Type::kString;
  Cardinality cardinality = Cardinality::kSingle;
  std::string message;  // for Type::kMessage, the message's full name
  // Go pointer (or otherwise "set" matters): a zero value decoded from
  // protobuf is kept. Non-pointer scalars are always encoded by Go, so their
  // zero values mean "unset" and are dropped.
  bool pointer = false;
  // The message's fields appear in the parent JSON object (Go `json:",inline"`)
  // while protobuf nests them under `number`.
  bool inline_json = false;
  bool required = false;
  std::string patch_strategy;   // "", "merge", "replace", "retainKeys", "merge,retainKeys"
  std::string patch_merge_key;  // for patch_strategy merge on lists of objects
  std::string list_type;        // "", "atomic", "set", "map"
  std::vector<std::string> list_map_keys;
  std::string map_type;      // "", "atomic", "granular" (for maps and structs)
  std::string default_json;  // constant default as JSON text; "" = none
  std::vector<std::string> enum_values;
  // For Type::kMessage, the message itself (set when the schema is built;
  // never null in a parsed schema).
  const Message* message_type = nullptr;
  // What the field is, for OpenAPI and `kubectl explain` (the project's own
  // words); "" when undocumented.
  std::string description;
  // Constraints on the value (single) or on the list/map as a whole (list:
  // minItems..., map: minProperties...); null when none.
  std::shared_ptr<const Constraints> constraints;
  // Constraints on each element of a list or map field; null when none.
  std::shared_ptr<const Constraints> item_constraints;
};

struct Message {
  std::string name;  // full name, e.g. "io.k8s.api.core.v1.PodSpec"
  std::vector<Field> fields;
  // In JSON the message is the array of its `list_wrapper` field's items (e.g.
  // authentication/v1 ExtraValue is ["a","b"]); "" for ordinary messages.
  std::string list_wrapper;
  std::string map_type;  // "atomic" for x-kubernetes-map-type: atomic structs
  std::string description;  // the project's own words; "" when undocumented
  // Fields not declared are kept as they are (x-kubernetes-preserve-unknown-fields)
  // rather than pruned or reported.
  bool preserve_unknown_fields = false;
  // The message is a whole object (apiVersion, kind, metadata) embedded in
  // another (x-kubernetes-embedded-resource).
  bool embedded_resource = false;

  // The field with this JSON name, looking through inline fields; nullptr if
  // none.
  const Field* FieldByJsonName(std::string_view json_name) const;
  // The field with this protobuf number (not looking through inline fields).
  const Field* FieldByNumber(int number) const;

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  // Includes the fields of inline fields.
  std::unordered_map<std::string, const Field*, StringHash, std::equal_to<>> by_json_;
  std::unordered_map<int, const Field*> by_number_;
};

// group/version/kind; group "" is the core group.
struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;
  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  bool operator<(const GroupVersionKind& o) const {
    return std::tie(group, version, kind) < std::tie(o.group, o.version, o.kind);
  }
  bool operator==(const GroupVersionKind& o) const = default;
};

class Schema {
 public:
  // The message with `name`, or nullptr.
  const Message* FindMessage(std::string_view name) const;
  // The top-level message serving `gvk` (e.g. v1 ConfigMap ->
  // io.k8s.api.core.v1.ConfigMap), or nullptr when the kind is unknown.
  const Message* FindKind(const GroupVersionKind& gvk) const;
  // Every kind the schema knows, in a stable order.
  const std::map<GroupVersionKind, const Message*>& Kinds() const { return kinds_; }
  // Every message, by name.
  const std::map<std::string, std::unique_ptr<Message>, std::less<>>& Messages() const {
    return messages_;
  }

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  std::map<std::string, std::unique_ptr<Message>, std::less<>> messages_;
  std::map<GroupVersionKind, const Message*> kinds_;
};

// Parses schema text (the format of core/schema/README.md); several texts may
// be concatenated. Returns kInvalid naming the line of the first error, or of
// a field that names an unknown message.
StatusOr<std::unique_ptr<Schema>> ParseSchema(std::string_view text);

// One named schema text, e.g. a file of core/schema/data.
struct SchemaSource {
  std::string_view name;  // used in error messages: "core.v1.schema:12: ..."
  std::string_view text;
};
// Parses several texts into one schema; each text starts without a package.
// Errors as for ParseSchema, naming the source and line.
StatusOr<std::unique_ptr<Schema>> ParseSchemaSources(std::span<const SchemaSource> sources);

// The built-in schema compiled into the binary, parsed on first use.
const Schema& BuiltinSchema();

// Assembles a Schema in code rather than from text (custom resources' schemas
// are imported from their OpenAPI schema this way). Not thread-safe; the
// result is immutable like any Schema.
//
// Fields of type kMessage must have `message_type` set: to a message of this
// assembler, or to a message of another schema that outlives the result
// (e.g. the built-in ObjectMeta). Messages of other schemas are not listed in
// the result's Messages(); code should follow `message_type`.
class SchemaAssembler {
 public:
  SchemaAssembler();
  SchemaAssembler(const SchemaAssembler&) = delete;
  SchemaAssembler& operator=(const SchemaAssembler&) = delete;

  // Adds an empty message named `name` (a unique name is made by appending
  // "_2", "_3", ... when taken) and returns it for filling in. The pointer
  // stays valid and moves into the schema built by Finish.
  Message* AddMessage(std::string name);
  // Declares that `message` (one of this assembler's) serves `gvk`.
  void AddKind(const GroupVersionKind& gvk, const Message* message);
  // Builds the lookup tables and returns the schema. kInvalid when a message
  // has two fields with one JSON name, or a kMessage field has no
  // message_type. The assembler is empty afterwards.
  StatusOr<std::unique_ptr<Schema>> Finish();

 private:
  std::unique_ptr<Schema> schema_;
  std::vector<std::pair<GroupVersionKind, const Message*>> kinds_;
};

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_SCHEMA_H_
