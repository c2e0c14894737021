#include "core/api/merge_patch.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/api/json_tree.h"

namespace ekslite::api {
namespace {

constexpr std::string_view kInvalidPatch = "Invalid JSON Patch";

std::string_view GoKind(const JsonValue& v) {
  if (v.IsArray()) return "array";
  if (v.IsString()) return "string";
  if (v.IsNumber()) return "number";
  if (v.IsBool()) return "bool";
  return "object";
}

// Removes null members from every object in `v` (including objects inside
// arrays), iteratively.
void PruneNulls(JsonValue* v) {
  std::vector<JsonValue*> stack{v};
  while (!stack.empty()) {
    JsonValue* cur = stack.back();
    stack.pop_back();
    if (cur->IsObject()) {
      for (auto m = cur->MemberBegin(); m != cur->MemberEnd();) {
        m = m->value.IsNull() ? cur->EraseMember(m) : m + 1;
      }
      for (auto& m : cur->GetObject()) stack.push_back(&m.value);
    } else if (cur->IsArray()) {
      for (auto& item : cur->GetArray()) stack.push_back(&item);
    }
  }
}

JsonValue PrunedCopy(const JsonValue& v, JsonAllocator& a) {
  JsonValue out;
  DeepCopy(v, &out, a);
  PruneNulls(&out);
  return out;
}

JsonValue KeyCopy(const JsonValue& name, JsonAllocator& a) {
  return JsonValue(name.GetString(), name.GetStringLength(), a);
}

// One object-into-object merge still to do.
struct MergeFrame {
  JsonValue* target;
  const JsonValue* patch;
};

using NameIndex = std::unordered_map<std::string_view, const JsonValue*>;

NameIndex IndexMembers(const JsonValue& object) {
  NameIndex index;
  for (const auto& m : object.GetObject()) index[View(m.name)] = &m.value;  // last wins
  return index;
}

// The new value for an existing member `cur` updated with non-null `update`,
// unless both are objects (a nested merge, left to the caller).
void Replace(JsonValue& cur, const JsonValue& update, JsonAllocator& a) {
  if (cur.IsObject()) {
    DeepCopy(update, &cur, a);  // upstream keeps a non-object as sent
  } else {
    cur = PrunedCopy(update, a);
  }
}

// Merges `patch` into `target` in one pass over both (linear time), rebuilding
// the member list: target members in their order, then new keys in patch
// order. Object-into-object merges are returned as (member index, patch
// value) for the caller to schedule.
std::vector<std::pair<size_t, const JsonValue*>> MergeShallow(JsonValue& target,
                                                              const JsonValue& patch,
                                                              JsonAllocator& a) {
  NameIndex updates = IndexMembers(patch);
  std::unordered_map<std::string_view, bool> handled;
  std::vector<std::pair<size_t, const JsonValue*>> nested;
  JsonValue merged(rapidjson::kObjectType);
  for (auto& m : target.GetObject()) {
    auto it = updates.find(View(m.name));
    if (it != updates.end()) {
      handled[it->first] = true;
      if (it->second->IsNull()) continue;  // deleted
      if (m.value.IsObject() && it->second->IsObject()) {
        nested.emplace_back(merged.MemberCount(), it->second);
      } else {
        Replace(m.value, *it->second, a);
      }
    }
    merged.AddMember(m.name, m.value, a);  // moves both
  }
  for (const auto& m : patch.GetObject()) {
    const JsonValue* update = updates[View(m.name)];  // the last occurrence wins
    if (update->IsNull() || handled.contains(View(m.name))) continue;
    handled[View(m.name)] = true;
    merged.AddMember(KeyCopy(m.name, a), PrunedCopy(*update, a), a);
  }
  target = merged;
  return nested;
}

void MergeObjects(JsonValue& root, const JsonValue& root_patch, JsonAllocator& a) {
  std::vector<MergeFrame> stack{{&root, &root_patch}};
  while (!stack.empty()) {
    MergeFrame frame = stack.back();
    stack.pop_back();
    for (const auto& [index, patch] : MergeShallow(*frame.target, *frame.patch, a)) {
      auto member = frame.target->MemberBegin() + static_cast<std::ptrdiff_t>(index);
      stack.push_back({&member->value, patch});
    }
  }
}

// One object pair still to diff into `patch`.
struct DiffFrame {
  const JsonValue* original;
  const JsonValue* modified;
  JsonValue* patch;
};

// Adds the differences of one object pair to `frame.patch`. Differing nested
// objects get a placeholder {} member and are returned as frames once all
// members are added (adding may move the member array). A pair that is not
// equal always has a non-empty diff, so no placeholder stays empty.
std::vector<DiffFrame> DiffShallow(const DiffFrame& frame, JsonAllocator& a) {
  std::vector<std::pair<size_t, DiffFrame>> nested;  // member index, objects
  NameIndex original = IndexMembers(*frame.original);
  NameIndex modified = IndexMembers(*frame.modified);
  for (const auto& m : frame.modified->GetObject()) {
    auto it = original.find(View(m.name));
    const JsonValue* before = it == original.end() ? nullptr : it->second;
    if (before != nullptr && JsonEqual(*before, m.value)) continue;
    if (before != nullptr && before->IsObject() && m.value.IsObject()) {
      nested.push_back({frame.patch->MemberCount(), {before, &m.value, nullptr}});
      frame.patch->AddMember(KeyCopy(m.name, a), JsonValue(rapidjson::kObjectType), a);
      continue;
    }
    JsonValue copy;
    DeepCopy(m.value, &copy, a);
    frame.patch->AddMember(KeyCopy(m.name, a), copy, a);
  }
  for (const auto& m : frame.original->GetObject()) {
    if (!modified.contains(View(m.name))) {
      frame.patch->AddMember(KeyCopy(m.name, a), JsonValue(), a);
    }
  }
  std::vector<DiffFrame> out;
  for (auto& [index, f] : nested) {
    f.patch = &(frame.patch->MemberBegin() + static_cast<std::ptrdiff_t>(index))->value;
    out.push_back(f);
  }
  return out;
}

void AddDiff(const JsonValue& original, const JsonValue& modified, JsonValue* patch,
             JsonAllocator& a) {
  std::vector<DiffFrame> stack{{&original, &modified, patch}};
  while (!stack.empty()) {
    DiffFrame frame = stack.back();
    stack.pop_back();
    for (const DiffFrame& next : DiffShallow(frame, a)) stack.push_back(next);
  }
}

}  // namespace

StatusOr<Json> ParseMergePatch(std::string_view text, bool strict_decoding) {
  StatusOr<Json> patch = ParseUntrustedJson(text);
  if (!patch.ok()) {
    if (!strict_decoding) return Status::BadRequest(std::string(kInvalidPatch));
    return Status::BadRequest("error decoding patch: " + patch.status().message());
  }
  if (patch->IsNull()) return Status::BadRequest(std::string(kInvalidPatch));
  if (patch->IsObject() || (!strict_decoding && patch->IsArray())) return patch;
  if (!strict_decoding) return Status::BadRequest(std::string(kInvalidPatch));
  return Status::BadRequest("error decoding patch: json: cannot unmarshal " +
                            std::string(GoKind(*patch)) +
                            " into Go value of type map[string]interface {}");
}

void ApplyMergePatch(JsonValue& target, const JsonValue& patch, JsonAllocator& a) {
  if (!patch.IsObject()) {
    target = PrunedCopy(patch, a);
    return;
  }
  if (!target.IsObject()) target.SetObject();
  MergeObjects(target, patch, a);
}

Json CreateMergePatch(const JsonValue& original, const JsonValue& modified) {
  Json patch;
  if (!original.IsObject() || !modified.IsObject()) {
    DeepCopy(modified, &patch, patch.GetAllocator());
    return patch;
  }
  patch.SetObject();
  AddDiff(original, modified, &patch, patch.GetAllocator());
  return patch;
}

}  // namespace ekslite::api
