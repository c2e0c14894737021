#include "core/api/strategic_merge_patch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "core/api/json_tree.h"
#include "core/api/strategic_merge_patch_internal.h"

namespace ekslite::api {
namespace smp {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The key a "$prefix/key" directive names, or "" when it is malformed.
std::string_view DirectiveKey(std::string_view key, std::string_view prefix) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos || key.substr(0, slash) != prefix) return {};
  return key.substr(slash + 1);
}

std::string_view StrategyWithoutRetainKeys(std::string_view strategy) {
  if (strategy == "retainKeys") return {};
  if (strategy == "merge,retainKeys" || strategy == "retainKeys,merge") return "merge";
  return strategy;
}

// A float as Go's %v prints it: the shortest digits that read back as the
// same value, in exponent form below 1e-4 and from 1e6 on.
void AppendGoFloat(double d, std::string* out) {
  if (std::isnan(d) || std::isinf(d)) {
    out->append(std::isnan(d) ? "NaN" : (d > 0 ? "+Inf" : "-Inf"));
    return;
  }
  char buf[48];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, d);
  int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  if (exponent < -4 || exponent >= 6) {
    out->append(buf);
    return;
  }
  std::snprintf(buf, sizeof buf, "%.*f", std::max(digits - 1 - exponent, 0), d);
  out->append(buf);
}

void AppendNumber(const JsonValue& v, std::string* out) {
  if (v.IsInt64()) {
    out->append(std::to_string(v.GetInt64()));
  } else if (v.IsUint64()) {
    out->append(std::to_string(v.GetUint64()));
  } else {
    AppendGoFloat(v.GetDouble(), out);
  }
}

void AppendGoValue(const JsonValue& v, std::string* out) {
  if (v.IsObject()) {
    std::map<std::string_view, const JsonValue*> sorted;
    for (const auto& m : v.GetObject()) sorted[View(m.name)] = &m.value;
    out->append("map[");
    bool first = true;
    for (const auto& [k, value] : sorted) {
      if (!first) out->push_back(' ');
      first = false;
      out->append(k).push_back(':');
      AppendGoValue(*value, out);
    }
    out->push_back(']');
  } else if (v.IsArray()) {
    out->push_back('[');
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i > 0) out->push_back(' ');
      AppendGoValue(v[i], out);
    }
    out->push_back(']');
  } else if (v.IsString()) {
    out->append(View(v));
  } else if (v.IsNumber()) {
    AppendNumber(v, out);
  } else if (v.IsBool()) {
    out->append(v.GetBool() ? "true" : "false");
  } else {
    out->append("<nil>");
  }
}

std::string_view GoTypeName(const JsonValue& v) {
  if (v.IsObject()) return "map[string]interface {}";
  if (v.IsArray()) return "[]interface {}";
  if (v.IsString()) return "string";
  if (v.IsNumber()) return v.IsDouble() ? "float64" : "int64";
  if (v.IsBool()) return "bool";
  return "%!s(<nil>)";
}

JsonValue Copy(const JsonValue& v, JsonAllocator& a) {
  JsonValue out;
  DeepCopy(v, &out, a);
  return out;
}

}  // namespace

KeyMeta LookupKey(Node node, std::string_view key) {
  KeyMeta meta;
  const schema::Field* field = nullptr;
  if (node.map_field != nullptr) {
    // The values of a map[string]T: T, without patch metadata of its own.
    meta.child.message = node.map_field->message_type;
  } else if (node.message != nullptr && (field = node.message->FieldByJsonName(key)) != nullptr) {
    if (field->cardinality == schema::Cardinality::kMap) {
      meta.child.map_field = field;
    } else {
      meta.child.message = field->message_type;
    }
    meta.strategy = StrategyWithoutRetainKeys(field->patch_strategy);
    meta.merge_key = field->patch_merge_key;
  }
  return meta;
}

std::string GoValueString(const JsonValue& v) {
  std::string out;
  AppendGoValue(v, &out);
  return out;
}

Status BadPatchType(const JsonValue& directive, const JsonValue& in) {
  return Status::BadRequest("unknown patch type: " + GoValueString(directive) +
                            " in map: " + GoValueString(in));
}

Status NoMergeKey(const JsonValue& in, std::string_view merge_key) {
  return Status::BadRequest("map: " + GoValueString(in) +
                            " does not contain declared merge key: " + std::string(merge_key));
}

Status BadArgType(std::string_view expected, const JsonValue& actual) {
  return Status::BadRequest("expected a " + std::string(expected) + ", but received a " +
                            std::string(GoTypeName(actual)));
}

bool SameValue(const JsonValue& a, const JsonValue& b) { return JsonEqual(a, b); }

bool IsDirectiveObject(const JsonValue& v) {
  return v.IsObject() && Member(v, kDirective) != nullptr;
}

Status Merger::MergeObject(JsonValue& original, const JsonValue& patch, Node node) {
  if (const JsonValue* d = Member(patch, kDirective)) {
    return ApplyDirective(original, patch, *d, node);
  }
  if (!original.IsObject()) original.SetObject();
  EKS_RETURN_IF_ERROR(RetainKeys(original, patch));
  std::vector<std::string_view> handled;
  EKS_RETURN_IF_ERROR(SetElementOrders(original, patch, node, &handled));
  for (const auto& m : patch.GetObject()) {
    std::string_view key = View(m.name);
    if (key == kRetainKeys || StartsWith(key, kSetElementOrder)) continue;
    if (std::find(handled.begin(), handled.end(), key) != handled.end()) continue;
    bool delete_list = false;
    if (StartsWith(key, kDeleteFromPrimitiveList)) {
      key = DirectiveKey(key, kDeleteFromPrimitiveList);
      if (key.empty()) return Status::BadRequest("invalid patch format of primitive list");
      delete_list = true;
    }
    EKS_RETURN_IF_ERROR(MergeKey(original, key, m.value, node, delete_list));
  }
  return Status::Ok();
}

// "$patch" in an object: replace it by the rest of the patch, or empty it.
Status Merger::ApplyDirective(JsonValue& original, const JsonValue& patch,
                              const JsonValue& directive, Node node) {
  std::string_view d = View(directive);
  if (directive.IsString() && d == "delete") {
    original.SetObject();
    return Status::Ok();
  }
  if (!directive.IsString() || d != "replace") return BadPatchType(directive, patch);
  JsonValue rest(rapidjson::kObjectType);
  for (const auto& m : patch.GetObject()) {
    if (View(m.name) == kDirective) continue;
    rest.AddMember(MakeString(View(m.name), a_), Copy(m.value, a_), a_);
  }
  JsonValue replaced(rapidjson::kObjectType);
  EKS_RETURN_IF_ERROR(MergeObject(replaced, rest, node));
  original = std::move(replaced);
  return Status::Ok();
}

Status Merger::RetainKeys(JsonValue& original, const JsonValue& patch) {
  const JsonValue* retain = Member(patch, kRetainKeys);
  if (retain == nullptr) return Status::Ok();
  Status bad = Status::BadRequest("invalid patch format of retainKeys");
  if (!retain->IsArray()) return bad;
  auto listed = [retain](std::string_view key) {
    for (const JsonValue& v : retain->GetArray()) {
      if (v.IsString() && View(v) == key) return true;
    }
    return false;
  };
  for (const auto& m : patch.GetObject()) {
    std::string_view key = View(m.name);
    if (m.value.IsNull() || key == kRetainKeys || StartsWith(key, kDeleteFromPrimitiveList) ||
        StartsWith(key, kSetElementOrder)) {
      continue;
    }
    if (!listed(key)) return bad;
  }
  for (auto it = original.MemberBegin(); it != original.MemberEnd();) {
    it = listed(View(it->name)) ? it + 1 : original.EraseMember(it);
  }
  return Status::Ok();
}

Status Merger::MergeKey(JsonValue& original, std::string_view key, const JsonValue& value,
                        Node node, bool delete_list) {
  if (value.IsNull()) {
    RemoveMember(original, key);
    return Status::Ok();
  }
  KeyMeta meta = LookupKey(node, key);
  JsonValue* current = Member(original, key);
  bool both_objects = current != nullptr && current->IsObject() && value.IsObject();
  bool both_arrays = current != nullptr && current->IsArray() && value.IsArray();
  if (!both_objects && !both_arrays) {
    // The patch value replaces whatever is there (a deletion list only
    // deletes). An object carrying "$patch" has nothing to replace it with:
    // the key goes away, as upstream's removeDirectives drops it.
    if (delete_list) return Status::Ok();
    if (IsDirectiveObject(value)) {
      RemoveMember(original, key);
      return Status::Ok();
    }
    if (current != nullptr) return NewValue(value, meta, current);
    JsonValue fresh;
    EKS_RETURN_IF_ERROR(NewValue(value, meta, &fresh));
    original.AddMember(MakeString(key, a_), std::move(fresh), a_);
    return Status::Ok();
  }
  if (both_objects) {
    if (meta.strategy == "replace") return NewValue(value, meta, current);
    return MergeObject(*current, value, meta.child);
  }
  // Deletion lists apply whatever the field's strategy.
  if (meta.strategy == "merge" || delete_list) {
    return MergeList(*current, value, meta, delete_list);
  }
  *current = Copy(value, a_);
  return Status::Ok();
}

Status Merger::NewValue(const JsonValue& patch, const KeyMeta& meta, JsonValue* out) {
  if (patch.IsObject()) {
    JsonValue fresh(rapidjson::kObjectType);
    EKS_RETURN_IF_ERROR(MergeObject(fresh, patch, meta.child));
    *out = std::move(fresh);
    return Status::Ok();
  }
  if (!patch.IsArray()) {
    *out = Copy(patch, a_);
    return Status::Ok();
  }
  JsonValue list(rapidjson::kArrayType);
  KeyMeta element{meta.child, {}, {}};
  for (const JsonValue& item : patch.GetArray()) {
    if (IsDirectiveObject(item)) continue;  // nothing to add
    JsonValue fresh;
    EKS_RETURN_IF_ERROR(NewValue(item, element, &fresh));
    list.PushBack(std::move(fresh), a_);
  }
  *out = std::move(list);
  return Status::Ok();
}

Status Merger::SetElementOrders(JsonValue& original, const JsonValue& patch, Node node,
                                std::vector<std::string_view>* handled) {
  for (const auto& m : patch.GetObject()) {
    std::string_view key = View(m.name);
    if (!StartsWith(key, kSetElementOrder)) continue;
    if (!m.value.IsArray()) return BadArgType("[]interface {}", m.value);
    std::string_view list_key = DirectiveKey(key, kSetElementOrder);
    if (list_key.empty()) return Status::BadRequest("invalid patch format of setElementOrder list");
    EKS_RETURN_IF_ERROR(SetElementOrder(original, patch, list_key, m.value, node, handled));
  }
  return Status::Ok();
}

}  // namespace smp

StatusOr<Json> ParseStrategicMergePatch(std::string_view text) {
  EKS_ASSIGN_OR_RETURN(Json patch, ParseUntrustedJson(text));
  if (patch.IsNull()) patch.SetObject();
  if (patch.IsObject()) return patch;
  std::string_view kind = patch.IsArray()    ? "array"
                          : patch.IsString() ? "string"
                          : patch.IsNumber() ? "number"
                                             : "bool";
  return Status::BadRequest("json: cannot unmarshal " + std::string(kind) +
                            " into Go value of type map[string]interface {}");
}

Status ApplyStrategicMergePatch(JsonValue& target, const JsonValue& patch,
                                const schema::Message* message, JsonAllocator& a) {
  if (!patch.IsObject()) {
    return Status::BadRequest(
        "json: cannot unmarshal array into Go value of type map[string]interface {}");
  }
  smp::Merger merger(a);
  return merger.MergeObject(target, patch, smp::Node{message, nullptr});
}

}  // namespace ekslite::api
