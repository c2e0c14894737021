// FieldSet: a set of field paths of an object, the unit of server-side apply
// ownership, and its wire form metav1.FieldsV1 (managedFields[].fieldsV1).
//
// A path is a sequence of path elements, each written as in FieldsV1:
//   "f:<name>"        a field of a struct or a key of a map
//   "k:<json object>" an item of an associative list (list-type map), by its
//                     key fields, e.g. k:{"containerPort":80,"protocol":"TCP"}
//   "v:<json value>"  an item of a set (list-type set), by value
//   "i:<index>"       an item of another list, by position
// The set is a tree of those elements; a node is a member when the path that
// ends at it is in the set (FieldsV1 writes a member with children as
// `".": {}` next to them, and a member leaf as `{}`).
//
// Values are plain data: copyable, not thread-safe for concurrent mutation.
#ifndef EKSLITE_CORE_FIELDMANAGER_FIELD_SET_H_
#define EKSLITE_CORE_FIELDMANAGER_FIELD_SET_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::fieldmanager {

using Path = std::vector<std::string>;

class FieldSet {
 public:
  FieldSet() = default;

  // True when no path is in the set.
  bool Empty() const;
  bool member() const { return member_; }
  // Adds `path` (and the nodes leading to it). Inserting the empty path makes
  // the root itself a member.
  void Insert(const Path& path);
  void Insert(std::initializer_list<std::string_view> path);
  // True when `path` itself is in the set.
  bool Has(const Path& path) const;

  // The node of child element `pe`; null when there is none.
  const FieldSet* Child(std::string_view pe) const;
  // The node of child element `pe`, created (empty) when absent.
  FieldSet& MutableChild(std::string_view pe);
  const std::map<std::string, FieldSet, std::less<>>& children() const { return children_; }
  std::map<std::string, FieldSet, std::less<>>& mutable_children() { return children_; }
  void set_member(bool member) { member_ = member; }

  // Set algebra, path by path.
  void Union(const FieldSet& other);
  FieldSet Difference(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  // Removes every path that is in `other` or lies below a member of `other`.
  FieldSet RecursiveDifference(const FieldSet& other) const;
  // True when every path of this set is also in `other`.
  bool SubsetOf(const FieldSet& other) const;
  bool operator==(const FieldSet& other) const;

  // Calls `fn` with each member path, in FieldsV1 order.
  void ForEach(const std::function<void(const Path&)>& fn) const;

  // Parses a FieldsV1 object. kBadRequest for anything that is not one (a
  // non-object, a key that is neither "." nor a path element).
  static StatusOr<FieldSet> FromFieldsV1(const JsonValue& fields);
  // The FieldsV1 object of the set (`{}` for the empty set).
  JsonValue ToFieldsV1(JsonAllocator& a) const;

 private:
  void Prune();
  void ForEachFrom(Path& prefix, const std::function<void(const Path&)>& fn) const;

  bool member_ = false;
  std::map<std::string, FieldSet, std::less<>> children_;
};

// Path elements.
std::string FieldElement(std::string_view name);   // f:name
std::string ValueElement(const JsonValue& value);  // v:<json>
std::string IndexElement(size_t index);            // i:3
// k:<json object of the key fields, names sorted>; `keys` pairs name and
// value.
std::string KeyElement(const std::vector<std::pair<std::string_view, const JsonValue*>>& keys);

// A path as upstream prints it in conflicts: `.spec.replicas`,
// `.spec.containers[name="web"].image`, `.metadata.finalizers[="a"]`.
std::string PathString(const Path& path);

}  // namespace ekslite::fieldmanager

#endif  // EKSLITE_CORE_FIELDMANAGER_FIELD_SET_H_
