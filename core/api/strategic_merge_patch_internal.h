// Internals of strategic merge patch shared by its two source files: the
// object merge and directives (strategic_merge_patch.cc) and the list merge
// and ordering (strategic_merge_patch_list.cc). Not part of the API.
#ifndef EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_INTERNAL_H_
#define EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::api::smp {

inline constexpr std::string_view kDirective = "$patch";
inline constexpr std::string_view kRetainKeys = "$retainKeys";
inline constexpr std::string_view kSetElementOrder = "$setElementOrder";
inline constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList";

// Where an object sits in the schema: a message's fields, or the values of a
// map[string]T field (both null: unknown, merged without patch metadata).
struct Node {
  const schema::Message* message = nullptr;
  const schema::Field* map_field = nullptr;
};

// The patch metadata of one key of an object.
struct KeyMeta {
  Node child;                  // the value's node; for lists, each element's
  std::string_view strategy;   // "merge", "replace" or "" ("retainKeys" dropped)
  std::string_view merge_key;  // for merge lists of objects
};

// The metadata of `key` in an object at `node`.
KeyMeta LookupKey(Node node, std::string_view key);

// Go's %v rendering of a decoded JSON value (`map[a:1 b:[x y]]`), as upstream
// error messages print patches.
std::string GoValueString(const JsonValue& v);

// The errors of upstream's mergepatch package.
Status BadPatchType(const JsonValue& directive, const JsonValue& in);
Status NoMergeKey(const JsonValue& in, std::string_view merge_key);
Status BadArgType(std::string_view expected, const JsonValue& actual);

// True for an object carrying a "$patch" directive.
bool IsDirectiveObject(const JsonValue& v);

// Structural equality of two scalars (or any values), as Go's == compares
// decoded JSON.
bool SameValue(const JsonValue& a, const JsonValue& b);

class Merger {
 public:
  explicit Merger(JsonAllocator& a) : a_(a) {}

  // Merges patch object `patch` into `original` (made an object if it is not).
  Status MergeObject(JsonValue& original, const JsonValue& patch, Node node);
  // Merges patch list `patch` into list `original` under `meta` (strategy
  // "merge"); `delete_list` for a $deleteFromPrimitiveList list.
  Status MergeList(JsonValue& original, const JsonValue& patch, const KeyMeta& meta,
                   bool delete_list);
  // A value for a key the original lacks: `patch` with its nulls dropped,
  // its objects carrying "$patch" (in lists: such elements) left out and its
  // other directives applied to an empty original. `patch` itself must not
  // carry "$patch".
  Status NewValue(const JsonValue& patch, const KeyMeta& meta, JsonValue* out);
  // Orders `merged` (a list) as upstream's normalizeElementOrder: the items
  // in `patch_order` by that order, the others by `server_order`,
  // interleaved by their live positions.
  Status OrderList(JsonValue& merged, const JsonValue& patch_order, const JsonValue& server_order,
                   std::string_view merge_key);

  JsonAllocator& allocator() { return a_; }

 private:
  Status ApplyDirective(JsonValue& original, const JsonValue& patch, const JsonValue& directive,
                        Node node);
  Status RetainKeys(JsonValue& original, const JsonValue& patch);
  Status SetElementOrders(JsonValue& original, const JsonValue& patch, Node node,
                          std::vector<std::string_view>* handled);
  Status SetElementOrder(JsonValue& original, const JsonValue& patch, std::string_view key,
                         const JsonValue& order, Node node, std::vector<std::string_view>* handled);
  Status MergeKey(JsonValue& original, std::string_view key, const JsonValue& value, Node node,
                  bool delete_list);
  Status MergeObjectList(JsonValue& original, const JsonValue& patch, const KeyMeta& meta);

  JsonAllocator& a_;
};

}  // namespace ekslite::api::smp

#endif  // EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_INTERNAL_H_
