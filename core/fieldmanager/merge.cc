// Merging an apply configuration into a live object (structured-merge-diff's
// merge of typed values).
#include <unordered_map>
#include <unordered_set>

#include "core/api/json_tree.h"
#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

JsonValue Copy(const JsonValue& v, JsonAllocator& a) {
  JsonValue out;
  api::DeepCopy(v, &out, a);
  return out;
}

bool SameShape(const JsonValue& l, const JsonValue& r) {
  return l.IsObject() == r.IsObject() && l.IsArray() == r.IsArray();
}

JsonValue MergeValue(const JsonValue* l, const JsonValue& r, const TypeRef& t, JsonAllocator& a);

JsonValue MergeObjects(const JsonValue& l, const JsonValue& r, const TypeRef& t, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  for (const auto& m : l.GetObject()) {
    std::string_view key = View(m.name);
    const JsonValue* rv = Member(r, key);
    TypeRef ct = t.Child(key);
    if (rv == nullptr || (rv->IsNull() && ct.IsGranular())) {
      // Not configured, or a null struct, map or list: the live value stays.
      out.AddMember(MakeString(key, a), Copy(m.value, a), a);
    } else if (!rv->IsNull()) {
      out.AddMember(MakeString(key, a), MergeValue(&m.value, *rv, ct, a), a);
    }  // a configured null scalar unsets the field
  }
  for (const auto& m : r.GetObject()) {
    std::string_view key = View(m.name);
    if (m.value.IsNull() || Member(l, key) != nullptr) continue;
    out.AddMember(MakeString(key, a), MergeValue(nullptr, m.value, t.Child(key), a), a);
  }
  return out;
}

// A list's items by path element, in list order. Items whose element cannot
// be made are left out (a configuration is checked before it gets here).
// `by` maps each element to its item; an element seen twice maps to null (a
// live list may hold duplicates: such items are not merged).
struct Indexed {
  std::vector<std::pair<std::string, const JsonValue*>> order;
  std::unordered_map<std::string_view, const JsonValue*> by;
};

Indexed IndexList(const JsonValue& list, const TypeRef& t) {
  Indexed out;
  out.order.reserve(list.Size());
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    std::string pe = t.ItemElement(list[i], i);
    if (!pe.empty()) out.order.emplace_back(std::move(pe), &list[i]);
  }
  for (const auto& [pe, v] : out.order) {
    auto [it, fresh] = out.by.emplace(pe, v);
    if (!fresh) it->second = nullptr;
  }
  return out;
}

// Walks both lists at once as upstream does: items only in the live list
// stay where they are, items in both follow the configuration's order, new
// items come where the configuration puts them.
JsonValue MergeLists(const JsonValue& l, const JsonValue& r, const TypeRef& t, JsonAllocator& a) {
  Indexed lhs = IndexList(l, t), rhs = IndexList(r, t);
  TypeRef element = t.Element();
  std::vector<std::string_view> shared;  // in configuration order
  for (const auto& [pe, v] : rhs.order) {
    if (lhs.by.count(pe) > 0) shared.push_back(pe);
  }
  size_t next_shared = 0;
  std::unordered_set<std::string_view> merged;  // configuration items done
  JsonValue out(rapidjson::kArrayType);
  auto take_config = [&](std::string_view pe, const JsonValue& item) {
    merged.insert(pe);
    auto live = lhs.by.find(pe);
    const JsonValue* lv = live == lhs.by.end() ? nullptr : live->second;
    out.PushBack(MergeValue(lv, item, element, a), a);
  };
  size_t li = 0, ri = 0;
  while (li < lhs.order.size() || ri < rhs.order.size()) {
    if (li < lhs.order.size() && ri < rhs.order.size()) {
      std::string_view pe = lhs.order[li].first;
      if (pe == rhs.order[ri].first) {
        take_config(pe, *rhs.order[ri].second);
        ++li, ++ri;
        if (next_shared < shared.size()) ++next_shared;
        continue;
      }
      if (rhs.by.count(pe) > 0 && next_shared < shared.size() && shared[next_shared] != pe) {
        ++li;  // a shared item, but not the one due now
        continue;
      }
    }
    if (li < lhs.order.size()) {
      std::string_view pe = lhs.order[li].first;
      if (rhs.by.count(pe) == 0) {
        out.PushBack(Copy(*lhs.order[li].second, a), a);
        ++li;
        continue;
      }
      if (merged.count(pe) > 0) {
        ++li;  // already merged with its configuration item
        continue;
      }
    }
    if (ri < rhs.order.size()) {
      std::string_view pe = rhs.order[ri].first;
      take_config(pe, *rhs.order[ri].second);
      ++ri;
      if (next_shared < shared.size() && shared[next_shared] == pe) ++next_shared;
    }
  }
  return out;
}

JsonValue MergeValue(const JsonValue* l, const JsonValue& r, const TypeRef& t, JsonAllocator& a) {
  if (l != nullptr && l->IsNull() && t.IsGranular()) l = nullptr;  // null: as absent
  if (l == nullptr) {
    // New values are merged into nothing, which drops the config's nulls.
    if (t.IsLeaf(r) || (!r.IsObject() && !r.IsArray())) return Copy(r, a);
    if (r.IsObject()) return MergeObjects(JsonValue(rapidjson::kObjectType), r, t, a);
    return MergeLists(JsonValue(rapidjson::kArrayType), r, t, a);
  }
  if (t.IsLeaf(r) || t.IsLeaf(*l) || !SameShape(*l, r)) return Copy(r, a);
  if (r.IsObject()) return MergeObjects(*l, r, t, a);
  return MergeLists(*l, r, t, a);
}

}  // namespace

JsonValue Merge(const JsonValue* live, const JsonValue& config, const TypeRef& type,
                JsonAllocator& a) {
  return MergeValue(live, config, type, a);
}

}  // namespace ekslite::fieldmanager
