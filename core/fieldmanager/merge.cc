// Merging an apply configuration into a live object, and pruning the fields
// an applier dropped.
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
    if (rv != nullptr && rv->IsNull()) continue;  // applied as null: unset
    out.AddMember(MakeString(key, a),
                  rv != nullptr ? MergeValue(&m.value, *rv, t.Child(key), a) : Copy(m.value, a), a);
  }
  for (const auto& m : r.GetObject()) {
    std::string_view key = View(m.name);
    if (m.value.IsNull() || Member(l, key) != nullptr) continue;
    out.AddMember(MakeString(key, a), MergeValue(nullptr, m.value, t.Child(key), a), a);
  }
  return out;
}

struct Indexed {
  std::vector<std::pair<std::string, const JsonValue*>> order;
  std::unordered_map<std::string_view, const JsonValue*> by;
};

Indexed IndexList(const JsonValue& list, const TypeRef& t) {
  Indexed out;
  out.order.reserve(list.Size());
  std::unordered_set<std::string> seen;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    std::string pe = t.ItemElement(list[i], i);
    if (pe.empty() || !seen.insert(pe).second) continue;
    out.order.emplace_back(std::move(pe), &list[i]);
  }
  for (const auto& [pe, v] : out.order) out.by.emplace(pe, v);
  return out;
}

// Walks both lists at once: items only in the live list stay where they
// were, shared items follow the config's order, new items come where the
// config puts them.
JsonValue MergeLists(const JsonValue& l, const JsonValue& r, const TypeRef& t, JsonAllocator& a) {
  Indexed lhs = IndexList(l, t), rhs = IndexList(r, t);
  TypeRef element = t.Element();
  std::vector<std::string_view> shared;
  for (const auto& [pe, v] : rhs.order) {
    if (lhs.by.count(pe) > 0) shared.push_back(pe);
  }
  size_t next_shared = 0;
  auto advance_if = [&](std::string_view pe) {
    if (next_shared < shared.size() && shared[next_shared] == pe) ++next_shared;
  };
  JsonValue out(rapidjson::kArrayType);
  size_t li = 0, ri = 0;
  while (li < lhs.order.size() || ri < rhs.order.size()) {
    if (li < lhs.order.size() && ri < rhs.order.size()) {
      const std::string& pe = lhs.order[li].first;
      if (pe == rhs.order[ri].first) {
        out.PushBack(MergeValue(lhs.order[li].second, *rhs.order[ri].second, element, a), a);
        ++li, ++ri;
        advance_if(pe);
        continue;
      }
      if (rhs.by.count(pe) > 0 && next_shared < shared.size() && shared[next_shared] != pe) {
        ++li;  // a shared item, emitted when the config reaches it
        continue;
      }
    }
    if (li < lhs.order.size() && rhs.by.count(lhs.order[li].first) == 0) {
      out.PushBack(Copy(*lhs.order[li].second, a), a);
      ++li;
      continue;
    }
    if (ri < rhs.order.size()) {
      const std::string& pe = rhs.order[ri].first;
      auto live = lhs.by.find(pe);
      const JsonValue* lv = live == lhs.by.end() ? nullptr : live->second;
      out.PushBack(MergeValue(lv, *rhs.order[ri].second, element, a), a);
      ++ri;
      advance_if(pe);
      continue;
    }
    ++li;  // a shared item already emitted
  }
  return out;
}

JsonValue MergeValue(const JsonValue* l, const JsonValue& r, const TypeRef& t, JsonAllocator& a) {
  if (l == nullptr) {
    if (!r.IsObject() || t.IsLeaf(r)) return Copy(r, a);
    JsonValue empty(rapidjson::kObjectType);
    return MergeObjects(empty, r, t, a);  // drops the config's nulls
  }
  if (t.IsLeaf(r) || t.IsLeaf(*l) || !SameShape(*l, r)) return Copy(r, a);
  if (r.IsObject()) return MergeObjects(*l, r, t, a);
  return MergeLists(*l, r, t, a);
}

void PruneValue(JsonValue& v, const TypeRef& t, const FieldSet& last, const FieldSet* owned) {
  auto doomed = [&](const std::string& pe, const FieldSet** lc, const FieldSet** oc) {
    *lc = last.Child(pe);
    if (*lc == nullptr) return false;
    *oc = owned != nullptr ? owned->Child(pe) : nullptr;
    return *oc == nullptr || (*oc)->Empty();
  };
  if (t.IsLeaf(v)) return;
  const FieldSet *lc = nullptr, *oc = nullptr;
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd();) {
      std::string pe = FieldElement(View(it->name));
      if (doomed(pe, &lc, &oc)) {
        it = v.EraseMember(it);
        continue;
      }
      if (lc != nullptr) PruneValue(it->value, t.Child(View(it->name)), *lc, oc);
      ++it;
    }
    return;
  }
  if (!v.IsArray()) return;
  TypeRef element = t.Element();
  size_t index = 0;
  for (auto it = v.Begin(); it != v.End(); ++index) {
    std::string pe = t.ItemElement(*it, index);
    if (!pe.empty() && doomed(pe, &lc, &oc)) {
      it = v.Erase(it);
      continue;
    }
    if (lc != nullptr && !pe.empty()) PruneValue(*it, element, *lc, oc);
    ++it;
  }
}

}  // namespace

JsonValue Merge(const JsonValue* live, const JsonValue& config, const TypeRef& type,
                JsonAllocator& a) {
  return MergeValue(live, config, type, a);
}

void Prune(JsonValue& object, const TypeRef& type, const FieldSet& last, const FieldSet& owned) {
  PruneValue(object, type, last, &owned);
}

}  // namespace ekslite::fieldmanager
