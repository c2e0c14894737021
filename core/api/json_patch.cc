#include "core/api/json_patch.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/api/go_format.h"
#include "core/api/json_tree.h"

namespace ekslite::api {
namespace {

using Tokens = std::vector<std::string>;

std::string_view GoKind(const JsonValue& v) {
  if (v.IsArray()) return "array";
  if (v.IsObject()) return "object";
  if (v.IsString()) return "string";
  if (v.IsNumber()) return "number";
  return "bool";
}

// A JSON pointer: "" is the document, otherwise '/'-separated reference
// tokens with ~1 and ~0 decoded (in one left-to-right pass).
bool ParsePointer(std::string_view path, Tokens* tokens) {
  tokens->clear();
  if (path.empty()) return true;
  if (path[0] != '/') return false;
  std::string token;
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      tokens->push_back(std::move(token));
      token.clear();
    } else if (path[i] == '~' && i + 1 < path.size() &&
               (path[i + 1] == '0' || path[i + 1] == '1')) {
      token.push_back(path[++i] == '0' ? '~' : '/');
    } else {
      token.push_back(path[i]);
    }
  }
  return true;
}

JsonValue KeyRef(const std::string& key) {
  return JsonValue(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
}

// Resolves an array index; negative indexes count from `size`. `size` is the
// array length (length + 1 for add).
std::optional<rapidjson::SizeType> ArrayIndex(const std::string& token, size_t size,
                                              std::string* reason) {
  std::optional<int64_t> idx = ParseGoInt(token);
  if (!idx) {
    *reason = "value was not a proper array index: '" + token + "'";
    return std::nullopt;
  }
  int64_t n = static_cast<int64_t>(size);
  if (*idx >= n || *idx < -n) {
    *reason = "Unable to access invalid index: " + std::to_string(*idx);
    return std::nullopt;
  }
  return static_cast<rapidjson::SizeType>(*idx < 0 ? *idx + n : *idx);
}

class Applier {
 public:
  explicit Applier(Json* doc) : doc_(doc), a_(doc->GetAllocator()) {}

  bool Apply(const JsonValue& op, std::string* reason);

 private:
  JsonValue* Child(JsonValue* v, const std::string& token, std::string* reason);
  JsonValue* Parent(const Tokens& tokens, std::string* reason);
  bool Add(const Tokens& tokens, JsonValue& value, std::string* reason);
  bool Take(const Tokens& tokens, JsonValue* out, std::string* reason);
  bool Replace(const Tokens& tokens, JsonValue& value, std::string* reason);
  bool Test(const Tokens& tokens, const JsonValue* value, std::string_view path,
            std::string* reason);
  bool Copy(const Tokens& from, const Tokens& to, std::string* reason);
  JsonValue PatchValue(const JsonValue& op);

  Json* doc_;
  JsonAllocator& a_;
  size_t copied_bytes_ = 0;
};

JsonValue* Applier::Child(JsonValue* v, const std::string& token, std::string* reason) {
  if (v->IsObject()) {
    auto m = v->FindMember(KeyRef(token));
    return m == v->MemberEnd() ? nullptr : &m->value;
  }
  if (v->IsArray()) {
    std::optional<rapidjson::SizeType> idx = ArrayIndex(token, v->Size(), reason);
    return idx ? &(*v)[*idx] : nullptr;
  }
  return nullptr;
}

// The container holding the last token, or nullptr.
JsonValue* Applier::Parent(const Tokens& tokens, std::string* reason) {
  JsonValue* cur = doc_;
  for (size_t i = 0; i + 1 < tokens.size() && cur != nullptr; ++i) {
    cur = Child(cur, tokens[i], reason);
  }
  return cur != nullptr && (cur->IsObject() || cur->IsArray()) ? cur : nullptr;
}

bool Applier::Add(const Tokens& tokens, JsonValue& value, std::string* reason) {
  JsonValue* parent = tokens.empty() ? nullptr : Parent(tokens, reason);
  if (parent == nullptr) return false;
  const std::string& key = tokens.back();
  if (parent->IsObject()) {
    auto m = parent->FindMember(KeyRef(key));
    if (m != parent->MemberEnd()) {
      m->value = value;
    } else {
      parent->AddMember(MakeString(key, a_), value, a_);
    }
    return true;
  }
  rapidjson::SizeType old_size = parent->Size();
  rapidjson::SizeType idx = old_size;
  if (key != "-") {
    std::optional<rapidjson::SizeType> at = ArrayIndex(key, old_size + 1, reason);
    if (!at) return false;
    idx = *at;
  }
  parent->PushBack(value, a_);
  for (rapidjson::SizeType i = old_size; i > idx; --i) (*parent)[i].Swap((*parent)[i - 1]);
  return true;
}

// Removes the value at `tokens`, moving it into `*out` when `out` is set.
bool Applier::Take(const Tokens& tokens, JsonValue* out, std::string* reason) {
  JsonValue* parent = tokens.empty() ? nullptr : Parent(tokens, reason);
  if (parent == nullptr) return false;
  const std::string& key = tokens.back();
  if (parent->IsObject()) {
    auto m = parent->FindMember(KeyRef(key));
    if (m == parent->MemberEnd()) {
      *reason = "Unable to remove nonexistent key: " + key + ": missing value";
      return false;
    }
    if (out != nullptr) out->Swap(m->value);
    parent->EraseMember(m);
    return true;
  }
  std::optional<rapidjson::SizeType> idx = ArrayIndex(key, parent->Size(), reason);
  if (!idx) return false;
  if (out != nullptr) out->Swap((*parent)[*idx]);
  parent->Erase(parent->Begin() + *idx);
  return true;
}

bool Applier::Replace(const Tokens& tokens, JsonValue& value, std::string* reason) {
  if (tokens.empty()) {
    if (!value.IsObject() && !value.IsArray()) {
      *reason = "replace operation value must be object or array";
      return false;
    }
    static_cast<JsonValue&>(*doc_) = value;
    return true;
  }
  JsonValue* parent = Parent(tokens, reason);
  if (parent == nullptr) return false;
  if (parent->IsObject()) return Add(tokens, value, reason);  // upstream v4 adds a missing key
  JsonValue* slot = Child(parent, tokens.back(), reason);
  if (slot == nullptr) return false;
  *slot = value;
  return true;
}

bool Applier::Test(const Tokens& tokens, const JsonValue* value, std::string_view path,
                   std::string* reason) {
  static const JsonValue kNull;
  const JsonValue* have = doc_;
  if (!tokens.empty()) {
    JsonValue* parent = Parent(tokens, reason);
    if (parent == nullptr) return false;
    std::string index_error;
    have = Child(parent, tokens.back(), &index_error);
    if (have == nullptr && parent->IsArray()) {
      *reason = "error in test for path: '" + std::string(path) + "': " + index_error;
      return false;
    }
    // A missing or null member passes when the test value is null or absent.
    if (have == nullptr || have->IsNull()) have = value == nullptr ? nullptr : &kNull;
    if (have == nullptr) return true;
  }
  if (value != nullptr && JsonEqual(*have, *value)) return true;
  *reason = "testing value " + std::string(path) + " failed: test failed";
  return false;
}

bool Applier::Copy(const Tokens& from, const Tokens& to, std::string* reason) {
  const JsonValue* src = doc_;
  if (!from.empty()) {
    JsonValue* parent = Parent(from, reason);
    src = parent == nullptr ? nullptr : Child(parent, from.back(), reason);
  }
  if (src == nullptr) return false;
  copied_bytes_ += JsonSizeEstimate(*src);
  if (copied_bytes_ > kMaxJsonPatchCopyBytes) {
    *reason = "Unable to copy, the accumulated size increase of copy is " +
              std::to_string(copied_bytes_) + ", exceeding the limit " +
              std::to_string(kMaxJsonPatchCopyBytes);
    return false;
  }
  JsonValue copy;
  DeepCopy(*src, &copy, a_);
  *reason = "copy operation does not apply: doc is missing destination path";
  return Add(to, copy, reason);
}

JsonValue Applier::PatchValue(const JsonValue& op) {
  JsonValue out;  // null when absent
  if (const JsonValue* v = Member(op, "value")) DeepCopy(*v, &out, a_);
  return out;
}

bool Applier::Apply(const JsonValue& op, std::string* reason) {
  const JsonValue* kind_value = Member(op, "op");
  std::string kind =
      kind_value && kind_value->IsString() ? std::string(View(*kind_value)) : "unknown";
  if (kind != "add" && kind != "remove" && kind != "replace" && kind != "move" && kind != "copy" &&
      kind != "test") {
    *reason = "Unexpected kind: " + kind;
    return false;
  }
  const JsonValue* path_value = Member(op, "path");
  Tokens path;
  if (path_value == nullptr || !path_value->IsString() || !ParsePointer(View(*path_value), &path)) {
    *reason = kind + " operation failed to decode path";
    return false;
  }
  *reason =
      kind + " operation does not apply: doc is missing path: " + std::string(View(*path_value));
  if (kind == "test") return Test(path, Member(op, "value"), View(*path_value), reason);
  if (kind == "add" || kind == "replace") {
    JsonValue value = PatchValue(op);
    return kind == "add" ? Add(path, value, reason) : Replace(path, value, reason);
  }
  if (kind == "remove") return Take(path, nullptr, reason);
  const JsonValue* from_value = Member(op, "from");
  Tokens from;
  if (from_value == nullptr || !from_value->IsString() || !ParsePointer(View(*from_value), &from)) {
    *reason = kind + " operation failed to decode from";
    return false;
  }
  std::string missing_path = std::move(*reason);
  *reason = kind + " operation does not apply: doc is missing from path: " +
            std::string(View(*from_value));
  if (kind == "copy") {
    if (!Copy(from, path, reason)) return false;
  } else {
    JsonValue moved;
    if (!Take(from, &moved, reason)) return false;
    *reason = std::move(missing_path);
    if (!Add(path, moved, reason)) return false;
  }
  return true;
}

Status ApplyFailed() {
  return Status(Code::kInvalid, "the server rejected our request due to an error in our request",
                StatusDetails{});
}

}  // namespace

Status JsonPatch::Apply(Json* doc, std::string* reason) const {
  std::string why;
  Json work;
  DeepCopy(*doc, &work, work.GetAllocator());
  Applier applier(&work);
  for (rapidjson::SizeType i = 0; i < size(); ++i) {
    if (applier.Apply(ops_[i], &why)) continue;
    if (reason != nullptr) *reason = std::move(why);
    return ApplyFailed();
  }
  if (JsonDepth(work) > kMaxJsonDepth) {
    if (reason != nullptr) *reason = "result exceeds the maximum nesting depth";
    return ApplyFailed();
  }
  doc->Swap(work);
  return Status::Ok();
}

StatusOr<JsonPatch> ParseJsonPatch(std::string_view text) {
  EKS_ASSIGN_OR_RETURN(Json ops, ParseUntrustedJson(text));
  if (ops.IsNull()) return JsonPatch(std::move(ops));
  if (!ops.IsArray()) {
    return Status::BadRequest("json: cannot unmarshal " + std::string(GoKind(ops)) +
                              " into Go value of type jsonpatch.Patch");
  }
  for (const JsonValue& op : ops.GetArray()) {
    if (op.IsObject() || op.IsNull()) continue;
    return Status::BadRequest("json: cannot unmarshal " + std::string(GoKind(op)) +
                              " into Go value of type jsonpatch.Operation");
  }
  if (ops.Size() > kMaxJsonPatchOperations) {
    return Status::TooLarge("The allowed maximum operations in a JSON patch is " +
                            std::to_string(kMaxJsonPatchOperations) + ", got " +
                            std::to_string(ops.Size()));
  }
  return JsonPatch(std::move(ops));
}

}  // namespace ekslite::api
