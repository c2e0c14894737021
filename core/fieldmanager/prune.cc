// Pruning what an applier dropped, as structured-merge-diff's Updater does
// it: remove what the applier set last time, put back what anyone (applier or
// updater, including the applier's new configuration) still owns, and keep
// whatever the applier never set.
//
// Upstream works on field sets where a struct's declared field counts as set
// as soon as anything below it is ("named fields are members"), so dropping
// the last owned leaf of a struct drops the struct, and a list item or map
// entry that nobody owns goes away whole even if some of its fields are still
// owned by others.
#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

std::string_view FieldName(std::string_view pe) {
  return pe.size() > 2 && pe[0] == 'f' && pe[1] == ':' ? pe.substr(2) : std::string_view();
}

// The type of the child `pe` of a node of type `t`.
TypeRef ChildType(const TypeRef& t, std::string_view pe) {
  std::string_view name = FieldName(pe);
  if (!name.empty() && t.kind() != TypeRef::Kind::kList) return t.Child(name);
  return t.Element();
}

void MarkNamed(FieldSet& node, const TypeRef& t) {
  for (auto& [pe, child] : node.mutable_children()) {
    TypeRef ct = ChildType(t, pe);
    MarkNamed(child, ct);
    std::string_view name = FieldName(pe);
    if (!name.empty() && t.IsNamedField(name) && !child.Empty()) child.set_member(true);
  }
}

// The fields `v` sets once the members of `removed` (and all below them) are
// taken out, with named fields as members.
void Collect(const JsonValue& v, const TypeRef& t, const FieldSet* removed, FieldSet& node) {
  if (v.IsNull() && t.IsGranular()) return;
  if (t.IsLeaf(v)) {
    node.set_member(true);
    return;
  }
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      std::string_view key = View(m.name);
      std::string pe = FieldElement(key);
      const FieldSet* rc = removed != nullptr ? removed->Child(pe) : nullptr;
      if (rc != nullptr && rc->member()) continue;
      FieldSet& child = node.MutableChild(pe);
      Collect(m.value, t.Child(key), rc, child);
      if (!t.IsNamedField(key) || !child.Empty()) child.set_member(true);
    }
    return;
  }
  TypeRef element = t.Element();
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    std::string pe = t.ItemElement(v[i], i);
    if (pe.empty()) continue;
    const FieldSet* rc = removed != nullptr ? removed->Child(pe) : nullptr;
    if (rc != nullptr && rc->member()) continue;
    FieldSet& child = node.MutableChild(pe);
    Collect(v[i], element, rc, child);
    child.set_member(true);
  }
}

bool EmptyContainer(const JsonValue& v) {
  return (v.IsObject() && v.ObjectEmpty()) || (v.IsArray() && v.Empty());
}

}  // namespace

FieldSet NamedMembers(const FieldSet& set, const TypeRef& type) {
  FieldSet out = set;
  MarkNamed(out, type);
  return out;
}

FieldSet NamedFieldsOf(const JsonValue& value, const TypeRef& type, const FieldSet* removed) {
  FieldSet out;
  if (removed != nullptr && removed->member()) return out;
  Collect(value, type, removed, out);
  return out;
}

void RemoveItems(JsonValue& v, const TypeRef& t, const FieldSet& set) {
  if (t.IsLeaf(v) || EmptyContainer(v)) return;
  // A container emptied here goes away (null upstream), except structs.
  auto emptied = [](const JsonValue& child, const TypeRef& ct, bool was_empty) {
    return !was_empty && EmptyContainer(child) && !ct.KeepsEmpty();
  };
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd();) {
      std::string_view key = View(it->name);
      const FieldSet* c = set.Child(FieldElement(key));
      if (c == nullptr) {
        ++it;
        continue;
      }
      if (c->member()) {
        it = v.EraseMember(it);
        continue;
      }
      TypeRef ct = t.Child(key);
      bool was_empty = EmptyContainer(it->value);
      RemoveItems(it->value, ct, *c);
      it = emptied(it->value, ct, was_empty) ? v.EraseMember(it) : it + 1;
    }
    return;
  }
  if (!v.IsArray()) return;
  TypeRef element = t.Element();
  size_t index = 0;
  for (auto it = v.Begin(); it != v.End(); ++index) {
    std::string pe = t.ItemElement(*it, index);
    const FieldSet* c = pe.empty() ? nullptr : set.Child(pe);
    if (c != nullptr && c->member()) {
      it = v.Erase(it);
      continue;
    }
    if (c != nullptr) RemoveItems(*it, element, *c);
    ++it;
  }
}

void Prune(JsonValue& merged, const TypeRef& type, const FieldSet& last, const FieldSet& owned) {
  if (last.Empty()) return;
  FieldSet last_named = NamedMembers(last, type);
  FieldSet owned_named = NamedMembers(owned, type);
  FieldSet all = NamedFieldsOf(merged, type, nullptr);
  // What survives removing everything applied last time, plus what is owned:
  // the rest is taken out...
  FieldSet kept = NamedFieldsOf(merged, type, &last_named);
  kept.Union(owned_named);
  FieldSet unowned = all.Difference(kept);
  // ...but only what the applier had set comes off for good.
  FieldSet survivors = NamedFieldsOf(merged, type, &unowned);
  FieldSet doomed = all.Difference(survivors).Intersection(last_named);
  if (!doomed.Empty()) RemoveItems(merged, type, doomed);
}

}  // namespace ekslite::fieldmanager
