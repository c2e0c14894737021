// Strategic merge patch of lists: merge-key and scalar-union merges, the
// special list elements ($patch delete/replace), $setElementOrder and the
// ordering rules (patch order first, then the live order, interleaved).
#include <utility>
#include <vector>

#include "core/api/json_tree.h"
#include "core/api/strategic_merge_patch_internal.h"

namespace ekslite::api::smp {
namespace {

using Keys = std::vector<const JsonValue*>;

enum class Kind { kNull, kObject, kArray, kString, kInt, kFloat, kBool };

Kind KindOf(const JsonValue& v) {
  if (v.IsObject()) return Kind::kObject;
  if (v.IsArray()) return Kind::kArray;
  if (v.IsString()) return Kind::kString;
  if (v.IsNumber()) return v.IsDouble() ? Kind::kFloat : Kind::kInt;
  if (v.IsBool()) return Kind::kBool;
  return Kind::kNull;
}

// Upstream answers 422 with a generic message (its errors package's
// GenericServerResponse) for this one.
Status ListsOfLists() {
  return Status::Invalid("the server rejected our request due to an error in our request");
}

// The one kind of every element of both lists (upstream's
// sliceElementType); kNull when both are empty.
StatusOr<Kind> ElementKind(const JsonValue& a, const JsonValue& b) {
  bool seen = false;
  Kind kind = Kind::kNull;
  for (const JsonValue* list : {&a, &b}) {
    for (const JsonValue& v : list->GetArray()) {
      Kind k = KindOf(v);
      if (!seen && k == Kind::kArray) return ListsOfLists();
      if (seen && k != kind) {
        return Status::BadRequest("list element types are not identical: [" + GoValueString(a) +
                                  " " + GoValueString(b) + "]");
      }
      seen = true;
      kind = k;
    }
  }
  return kind;
}

// The identity of a list item: itself for scalars, its merge key's value for
// objects (null when it has none).
const JsonValue* ItemKey(const JsonValue& item, std::string_view merge_key) {
  if (merge_key.empty()) return &item;
  return Member(item, merge_key);
}

int IndexOf(const Keys& order, const JsonValue* key) {
  if (key == nullptr) return -1;
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] != nullptr && SameValue(*order[i], *key)) return static_cast<int>(i);
  }
  return -1;
}

// Sorts `items` by their position in `order` the way upstream's stable sort
// with its comparator does (exactly, for the short lists patches carry).
void SortByOrder(std::vector<JsonValue>& items, const Keys& order, std::string_view merge_key) {
  auto less = [&](const JsonValue& x, const JsonValue& y) {
    int ix = IndexOf(order, ItemKey(x, merge_key));
    if (ix >= 0) {
      int iy = IndexOf(order, ItemKey(y, merge_key));
      if (iy >= 0) return ix < iy;
    }
    return true;
  };
  for (size_t i = 1; i < items.size(); ++i) {
    for (size_t j = i; j > 0 && less(items[j], items[j - 1]); --j)
      std::swap(items[j], items[j - 1]);
  }
}

Keys PatchKeys(const std::vector<const JsonValue*>& items, std::string_view merge_key) {
  Keys keys;
  for (const JsonValue* item : items) keys.push_back(ItemKey(*item, merge_key));
  return keys;
}

bool IsDeleteElement(const JsonValue& v) {
  const JsonValue* d = Member(v, kDirective);
  return d != nullptr && d->IsString() && View(*d) == "delete";
}

StatusOr<bool> SameItem(const JsonValue& x, const JsonValue& y, std::string_view merge_key) {
  if (merge_key.empty()) return SameValue(x, y);
  if (!x.IsObject()) return BadArgType("map[string]interface {}", x);
  if (!y.IsObject()) return BadArgType("map[string]interface {}", y);
  const JsonValue* kx = Member(x, merge_key);
  if (kx == nullptr) return NoMergeKey(x, merge_key);
  const JsonValue* ky = Member(y, merge_key);
  if (ky == nullptr) return NoMergeKey(y, merge_key);
  return SameValue(*kx, *ky);
}

// The patch list's items must appear in the $setElementOrder list, in the
// same relative order.
Status ValidateOrder(const JsonValue* patch, const JsonValue& order, std::string_view merge_key) {
  if (patch == nullptr || patch->Empty() || order.Empty()) return Status::Ok();
  std::vector<const JsonValue*> items;
  for (const JsonValue& v : patch->GetArray()) {
    if (!merge_key.empty() && !v.IsObject()) return BadArgType("map[string]interface {}", v);
    if (merge_key.empty() || !IsDeleteElement(v)) items.push_back(&v);
  }
  size_t p = 0, s = 0;
  while (p < items.size() && s < order.Size()) {
    if (IsDirectiveObject(*items[p])) {
      ++p;
      continue;
    }
    EKS_ASSIGN_OR_RETURN(bool same, SameItem(*items[p], order[s], merge_key));
    if (same) ++p;
    ++s;
  }
  if (p < items.size() && s >= order.Size()) {
    return Status::BadRequest("The order in patch list:\n" + GoValueString(*patch) +
                              "\n doesn't match $setElementOrder list:\n" + GoValueString(order) +
                              "\n");
  }
  return Status::Ok();
}

}  // namespace

Status Merger::OrderList(JsonValue& merged, const JsonValue& patch_order,
                         const JsonValue& server_order, std::string_view merge_key) {
  std::vector<const JsonValue*> order_items;
  for (const JsonValue& v : patch_order.GetArray()) {
    if (!merge_key.empty() && ItemKey(v, merge_key) == nullptr) return NoMergeKey(v, merge_key);
    order_items.push_back(&v);
  }
  Keys patch_keys = PatchKeys(order_items, merge_key);
  Keys server_keys;
  for (const JsonValue& v : server_order.GetArray()) server_keys.push_back(ItemKey(v, merge_key));
  std::vector<JsonValue> from_patch, server_only;
  for (JsonValue& item : merged.GetArray()) {
    const JsonValue* key = ItemKey(item, merge_key);
    if (key == nullptr) return NoMergeKey(item, merge_key);
    (IndexOf(patch_keys, key) >= 0 ? from_patch : server_only).push_back(std::move(item));
  }
  SortByOrder(from_patch, patch_keys, merge_key);
  SortByOrder(server_only, server_keys, merge_key);
  // Server-only items go before the first patch item that comes after them
  // in the live list; the relative order within each group is kept.
  JsonValue out(rapidjson::kArrayType);
  size_t i = 0, j = 0;
  while (i < server_only.size() || j < from_patch.size()) {
    bool take_left = j >= from_patch.size();
    if (!take_left && i < server_only.size()) {
      int li = IndexOf(server_keys, ItemKey(server_only[i], merge_key));
      int ri = IndexOf(server_keys, ItemKey(from_patch[j], merge_key));
      take_left = li >= 0 && ri >= 0 && li < ri;
    }
    out.PushBack(std::move(take_left ? server_only[i++] : from_patch[j++]), a_);
  }
  merged = std::move(out);
  return Status::Ok();
}

Status Merger::MergeList(JsonValue& original, const JsonValue& patch, const KeyMeta& meta,
                         bool delete_list) {
  if (original.Empty() && patch.Empty()) return Status::Ok();
  EKS_ASSIGN_OR_RETURN(Kind kind, ElementKind(original, patch));
  Json scratch;
  if (kind != Kind::kObject) {
    if (delete_list) {
      for (auto it = original.Begin(); it != original.End();) {
        bool doomed = false;
        for (const JsonValue& d : patch.GetArray()) doomed = doomed || SameValue(*it, d);
        it = doomed ? original.Erase(it) : it + 1;
      }
      return Status::Ok();
    }
    DeepCopy(original, &scratch, scratch.GetAllocator());
    JsonValue merged(rapidjson::kArrayType);
    const JsonValue& live = original;
    for (const JsonValue* list : {&live, &patch}) {
      for (const JsonValue& v : list->GetArray()) {
        bool seen = false;
        for (const JsonValue& m : merged.GetArray()) seen = seen || SameValue(m, v);
        if (!seen) merged.PushBack(JsonValue(v, a_), a_);
      }
    }
    original = std::move(merged);
    return OrderList(original, patch, scratch, "");
  }
  if (meta.merge_key.empty()) {
    // Upstream names the Go kind of the element type: always a struct here.
    return Status::BadRequest("cannot merge lists without merge key for struct");
  }
  return MergeObjectList(original, patch, meta);
}

// Merges a list of objects by merge key: first the special elements
// ($patch delete/replace), then each other element into the live element
// with its key (or appended), then the order.
Status Merger::MergeObjectList(JsonValue& original, const JsonValue& patch, const KeyMeta& meta) {
  std::string_view mk = meta.merge_key;
  bool replace = false;
  for (const JsonValue& v : patch.GetArray()) {
    const JsonValue* d = Member(v, kDirective);
    if (d == nullptr) continue;
    if (d->IsString() && View(*d) == "delete") {
      const JsonValue* key = Member(v, mk);
      if (key == nullptr) return NoMergeKey(v, mk);
      for (auto it = original.Begin(); it != original.End();) {
        const JsonValue* k = it->IsObject() ? Member(*it, mk) : nullptr;
        it = (k != nullptr && SameValue(*k, *key)) ? original.Erase(it) : it + 1;
      }
    } else if (d->IsString() && View(*d) == "replace") {
      replace = true;
    } else if (d->IsString() && View(*d) == "merge") {
      return Status::BadRequest("merging lists cannot yet be specified in the patch");
    } else {
      return BadPatchType(*d, v);
    }
  }
  KeyMeta element{meta.child, {}, {}};
  if (replace) {
    JsonValue fresh(rapidjson::kArrayType);
    for (const JsonValue& v : patch.GetArray()) {
      if (IsDirectiveObject(v)) continue;
      if (Member(v, mk) == nullptr) return NoMergeKey(v, mk);
      JsonValue item;
      EKS_RETURN_IF_ERROR(NewValue(v, element, &item));
      fresh.PushBack(std::move(item), a_);
    }
    original = std::move(fresh);
    return Status::Ok();
  }
  Json server;
  DeepCopy(original, &server, server.GetAllocator());
  Json order;  // the merge keys of the patch's ordinary elements, in patch order
  order.SetArray();
  for (const JsonValue& v : patch.GetArray()) {
    if (IsDirectiveObject(v)) continue;
    const JsonValue* key = Member(v, mk);
    if (key == nullptr) return NoMergeKey(v, mk);
    JsonValue* live = nullptr;
    for (JsonValue& item : original.GetArray()) {
      const JsonValue* k = item.IsObject() ? Member(item, mk) : nullptr;
      if (k != nullptr && SameValue(*k, *key)) {
        live = &item;
        break;
      }
    }
    if (live != nullptr) {
      EKS_RETURN_IF_ERROR(MergeObject(*live, v, meta.child));
    } else {
      JsonValue item;
      EKS_RETURN_IF_ERROR(NewValue(v, element, &item));
      original.PushBack(std::move(item), a_);
    }
    JsonValue entry(rapidjson::kObjectType);
    JsonValue key_copy;
    DeepCopy(*key, &key_copy, order.GetAllocator());
    entry.AddMember(MakeString(mk, order.GetAllocator()), std::move(key_copy),
                    order.GetAllocator());
    order.PushBack(std::move(entry), order.GetAllocator());
  }
  return OrderList(original, order, server, mk);
}

Status Merger::SetElementOrder(JsonValue& original, const JsonValue& patch, std::string_view key,
                               const JsonValue& order, Node node,
                               std::vector<std::string_view>* handled) {
  KeyMeta meta = LookupKey(node, key);
  JsonValue* live = Member(original, key);
  const JsonValue* list = Member(patch, key);
  if (live != nullptr && !live->IsArray()) return BadArgType("[]interface {}", *live);
  if (list != nullptr && !list->IsArray()) return BadArgType("[]interface {}", *list);
  EKS_RETURN_IF_ERROR(ValidateOrder(list, order, meta.merge_key));
  if (live == nullptr && list == nullptr) return Status::Ok();
  handled->push_back(key);
  Json server(rapidjson::kArrayType);
  if (live != nullptr) DeepCopy(*live, &server, server.GetAllocator());
  if (live == nullptr) {
    JsonValue fresh;
    EKS_RETURN_IF_ERROR(NewValue(*list, meta, &fresh));
    original.AddMember(MakeString(key, a_), std::move(fresh), a_);
    live = Member(original, key);
  } else if (list != nullptr) {
    if (meta.strategy == "merge") {
      EKS_RETURN_IF_ERROR(MergeList(*live, *list, meta, false));
    } else {
      DeepCopy(*list, live, a_);
    }
  }
  if (live->Empty()) return Status::Ok();
  return OrderList(*live, order, server, meta.merge_key);
}

}  // namespace ekslite::api::smp
