// The field sets of typed objects: what an object sets (FieldsOf) and what
// changed between two versions of it (Compare).
#include <unordered_map>

#include "core/api/json_tree.h"
#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

bool EmptyContainer(const JsonValue* v) {
  return v == nullptr || v->IsNull() || (v->IsObject() && v->ObjectEmpty()) ||
         (v->IsArray() && v->Empty());
}

void Walk(const JsonValue& v, const TypeRef& t, FieldSet& node) {
  if (v.IsNull() && t.IsGranular()) return;  // sets nothing
  if (t.IsLeaf(v)) {
    node.set_member(true);
    return;
  }
  if (v.IsObject()) {
    bool named = t.kind() == TypeRef::Kind::kStruct;
    for (const auto& m : v.GetObject()) {
      std::string_view key = View(m.name);
      FieldSet& child = node.MutableChild(FieldElement(key));
      Walk(m.value, t.Child(key), child);
      // Map entries are members; struct fields only through their leaves.
      if (!named || t.message()->FieldByJsonName(key) == nullptr) child.set_member(true);
    }
    return;
  }
  TypeRef element = t.Element();
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    std::string pe = t.ItemElement(v[i], i);
    if (pe.empty()) continue;
    FieldSet& child = node.MutableChild(pe);
    Walk(v[i], element, child);
    child.set_member(true);
  }
}

// Items of a list by path element, first occurrence wins, in list order.
struct Items {
  std::vector<std::pair<std::string, const JsonValue*>> ordered;
  std::unordered_map<std::string_view, const JsonValue*> by_element;
};

void IndexItems(const JsonValue* list, const TypeRef& t, Items* out) {
  if (list == nullptr || !list->IsArray()) return;
  out->ordered.reserve(list->Size());
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    std::string pe = t.ItemElement((*list)[i], i);
    if (pe.empty()) continue;
    out->ordered.emplace_back(std::move(pe), &(*list)[i]);
  }
  for (const auto& [pe, v] : out->ordered) out->by_element.emplace(pe, v);
}

class Comparer {
 public:
  explicit Comparer(Comparison* c) : c_(c) {}

  void Run(const JsonValue* l, const JsonValue* r, const TypeRef& t) {
    // A null struct, map or list compares as an empty one.
    bool r_set = r != nullptr && !(r->IsNull() && t.IsGranular());
    const JsonValue& any = r_set || l == nullptr ? *r : *l;
    bool mismatch = l != nullptr && r != nullptr && !l->IsNull() && !r->IsNull() &&
                    (l->IsObject() != r->IsObject() || l->IsArray() != r->IsArray());
    if (t.IsLeaf(any) || mismatch || (EmptyContainer(l) && EmptyContainer(r))) {
      if (l == nullptr) {
        c_->added.Insert(path_);
      } else if (r == nullptr) {
        c_->removed.Insert(path_);
      } else if (!api::JsonEqual(*l, *r)) {
        c_->modified.Insert(path_);
      }
      return;
    }
    if (any.IsObject()) {
      Objects(l, r, t);
    } else {
      Lists(l, r, t);
    }
    if (l == nullptr) c_->added.Insert(path_);
    if (r == nullptr) c_->removed.Insert(path_);
  }

 private:
  void Descend(std::string pe, const JsonValue* l, const JsonValue* r, const TypeRef& t) {
    path_.push_back(std::move(pe));
    Run(l, r, t);
    path_.pop_back();
  }

  void Objects(const JsonValue* l, const JsonValue* r, const TypeRef& t) {
    const JsonValue* lo = l != nullptr && l->IsObject() ? l : nullptr;
    const JsonValue* ro = r != nullptr && r->IsObject() ? r : nullptr;
    if (lo != nullptr) {
      for (const auto& m : lo->GetObject()) {
        std::string_view key = View(m.name);
        Descend(FieldElement(key), &m.value, ro ? Member(*ro, key) : nullptr, t.Child(key));
      }
    }
    if (ro == nullptr) return;
    for (const auto& m : ro->GetObject()) {
      std::string_view key = View(m.name);
      if (lo != nullptr && Member(*lo, key) != nullptr) continue;
      Descend(FieldElement(key), nullptr, &m.value, t.Child(key));
    }
  }

  void Lists(const JsonValue* l, const JsonValue* r, const TypeRef& t) {
    Items li, ri;
    IndexItems(l, t, &li);
    IndexItems(r, t, &ri);
    TypeRef element = t.Element();
    for (const auto& [pe, v] : li.ordered) {
      if (li.by_element.at(pe) != v) continue;
      auto it = ri.by_element.find(pe);
      Descend(pe, v, it == ri.by_element.end() ? nullptr : it->second, element);
    }
    for (const auto& [pe, v] : ri.ordered) {
      if (ri.by_element.at(pe) != v || li.by_element.count(pe) > 0) continue;
      Descend(pe, nullptr, v, element);
    }
  }

  Comparison* c_;
  Path path_;
};

}  // namespace

FieldSet FieldsOf(const JsonValue& value, const TypeRef& type) {
  FieldSet out;
  Walk(value, type, out);
  return out;
}

void Comparison::Exclude(const FieldSet& ignored) {
  added = added.RecursiveDifference(ignored);
  modified = modified.RecursiveDifference(ignored);
  removed = removed.RecursiveDifference(ignored);
}

Comparison Compare(const JsonValue* lhs, const JsonValue* rhs, const TypeRef& type) {
  Comparison c;
  if (lhs == nullptr && rhs == nullptr) return c;
  Comparer(&c).Run(lhs, rhs, type);
  return c;
}

}  // namespace ekslite::fieldmanager
