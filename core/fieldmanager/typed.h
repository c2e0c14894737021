// Typed views of JSON objects for server-side apply: what kind of node each
// value is by the schema (a scalar, a struct, a map, a list and its kind),
// and the operations on objects that field ownership is built from: the set
// of fields an object sets, the difference of two objects, the merge of an
// apply configuration into a live object, and the removal of fields a
// manager stopped applying.
//
// Node kinds follow upstream's conversion of the OpenAPI schema:
//   - a message is a struct, atomic when its map type is "atomic";
//   - map[string]T is a map, atomic when the field says so;
//   - a list is "map" (associative, by its list-map keys or else its patch
//     merge key), "set" (list-type set, or patch strategy merge without a
//     key) or "atomic" (everything else);
//   - values the schema does not describe (unknown fields, embedded raw JSON)
//     are deduced from the value: objects are maps, lists are atomic.
// All functions are pure and thread-compatible.
#ifndef EKSLITE_CORE_FIELDMANAGER_TYPED_H_
#define EKSLITE_CORE_FIELDMANAGER_TYPED_H_

#include <string>
#include <vector>

#include "core/fieldmanager/field_set.h"
#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::fieldmanager {

class TypeRef {
 public:
  enum class Kind { kDeduced, kScalar, kStruct, kMap, kList };
  enum class ListType { kAtomic, kSet, kAssociative };

  // The type of a whole object of `message` (null: deduced).
  static TypeRef Root(const schema::Message* message);

  Kind kind() const { return kind_; }
  bool atomic() const { return atomic_; }
  ListType list_type() const { return list_type_; }
  const schema::Message* message() const { return message_; }
  // The key fields of an associative list: its list-map keys, or else its
  // patch merge key. Empty for other types.
  std::vector<std::string> keys() const;

  // The type of member `key` of a struct, map or deduced object.
  TypeRef Child(std::string_view key) const;
  // The type of the items of a list.
  TypeRef Element() const;
  // The path element of `item` at `index` in a list of this type; "" when a
  // key is missing (and has no default).
  std::string ItemElement(const JsonValue& item, size_t index) const;
  // True when a value of this type is a leaf: scalars, atomic structs, maps
  // and lists, and deduced non-objects. `value` decides for deduced types.
  bool IsLeaf(const JsonValue& value) const;
  // True for structs, maps and lists that are not atomic: their members are
  // owned one by one, and a null value of theirs sets nothing.
  bool IsGranular() const {
    return (kind_ == Kind::kStruct || kind_ == Kind::kMap || kind_ == Kind::kList) && !atomic_;
  }
  // True when an emptied value of this type stays as `{}` rather than going
  // away: structs (Go writes a struct held by value as `{}`; the schema does
  // not say which are held by pointer). Maps and lists go away.
  bool KeepsEmpty() const { return kind_ == Kind::kStruct; }
  // True when `key` names a declared field of this struct (upstream's
  // "named field", as opposed to a map key or an undeclared field).
  bool IsNamedField(std::string_view key) const {
    return kind_ == Kind::kStruct && message_ != nullptr && message_->FieldByJsonName(key);
  }

 private:
  static TypeRef OfField(const schema::Field& field);
  static TypeRef OfElement(const schema::Field& field);

  Kind kind_ = Kind::kDeduced;
  bool atomic_ = false;
  ListType list_type_ = ListType::kAtomic;
  const schema::Message* message_ = nullptr;  // kStruct
  const schema::Field* field_ = nullptr;      // kMap, kList: their field
};

// Every field `value` sets: leaves, map entries and list items (upstream's
// ToFieldSet).
FieldSet FieldsOf(const JsonValue& value, const TypeRef& type);

// What changed from `lhs` to `rhs` (either may be null: absent).
struct Comparison {
  FieldSet added, modified, removed;
  bool IsSame() const { return added.Empty() && modified.Empty() && removed.Empty(); }
  void Exclude(const FieldSet& ignored);
};
Comparison Compare(const JsonValue* lhs, const JsonValue* rhs, const TypeRef& type);

// `config` merged into `live` (null when the object does not exist): config
// values win, maps and non-atomic lists merge item by item, items keep the
// live order with the config's new items placed by the config's order.
// Allocates from `a`.
JsonValue Merge(const JsonValue* live, const JsonValue& config, const TypeRef& type,
                JsonAllocator& a);

// Removes from `object` (an applied configuration merged into the live
// object) what the applier set last time (`last`) and nobody owns any more
// (`owned`: every manager's fields, the applier's new ones included), as
// upstream's Updater prunes (prune.cc says how).
void Prune(JsonValue& object, const TypeRef& type, const FieldSet& last, const FieldSet& owned);

// `set` with every declared struct field that has something below it made a
// member itself (upstream's EnsureNamedFieldsAreMembers).
FieldSet NamedMembers(const FieldSet& set, const TypeRef& type);
// The fields `value` sets, as NamedMembers(FieldsOf(value)), once the members
// of `removed` (null: none) and what lies below them are taken out.
FieldSet NamedFieldsOf(const JsonValue& value, const TypeRef& type, const FieldSet* removed);
// Takes the members of `set`, and what lies below them, out of `value`. Maps
// and lists emptied by it go away; structs stay as `{}`.
void RemoveItems(JsonValue& value, const TypeRef& type, const FieldSet& set);

// Checks that an apply configuration can be typed as upstream types it: list
// items carry their keys (or the keys have defaults) and no two items of a
// keyed list or set share a key. kBadRequest with structured-merge-diff's
// messages (".spec.containers: element 0: associative list with keys has an
// element that omits key field \"name\" (and doesn't have default value)").
Status CheckConfig(const JsonValue& config, const TypeRef& type);

// The object a create starts from, as upstream's empty typed object looks:
// the struct fields that Go never omits (non-pointer messages) as empty
// objects, recursively; `{}` for deduced types.
Json ZeroObject(const schema::Message* message);

}  // namespace ekslite::fieldmanager

#endif  // EKSLITE_CORE_FIELDMANAGER_TYPED_H_
