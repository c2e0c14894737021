#include "core/api/json_tree.h"

#include <rapidjson/error/en.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ekslite::api {
namespace {

// Finds the first bracket that opens level kMaxJsonDepth + 1, scanning like a
// JSON lexer (brackets inside strings do not count). Returns npos if none.
size_t FindTooDeep(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Removes all but the last occurrence of each key of `object`, in place.
void DedupeMembers(JsonValue* object) {
  if (object->MemberCount() < 2) return;
  std::unordered_map<std::string_view, size_t> last;
  size_t i = 0;
  for (auto m = object->MemberBegin(); m != object->MemberEnd(); ++m, ++i) last[View(m->name)] = i;
  if (last.size() == object->MemberCount()) return;
  for (size_t j = object->MemberCount(); j-- > 0;) {
    auto m = object->MemberBegin() + static_cast<std::ptrdiff_t>(j);
    if (last[View(m->name)] != j) object->EraseMember(m);
  }
}

void DedupeTree(JsonValue* root) {
  std::vector<JsonValue*> stack{root};
  while (!stack.empty()) {
    JsonValue* v = stack.back();
    stack.pop_back();
    if (v->IsObject()) {
      DedupeMembers(v);
      for (auto& m : v->GetObject()) stack.push_back(&m.value);
    } else if (v->IsArray()) {
      for (auto& item : v->GetArray()) stack.push_back(&item);
    }
  }
}

bool ScalarsEqual(const JsonValue& a, const JsonValue& b) {
  if (a.IsNumber() && b.IsNumber()) {
    if (a.IsInt64() && b.IsInt64()) return a.GetInt64() == b.GetInt64();
    if (a.IsUint64() && b.IsUint64()) return a.GetUint64() == b.GetUint64();
    return a.GetDouble() == b.GetDouble();
  }
  if (a.GetType() != b.GetType()) return false;
  if (a.IsString()) return View(a) == View(b);
  if (a.IsBool()) return a.GetBool() == b.GetBool();
  return true;  // null
}

using Pairs = std::vector<std::pair<const JsonValue*, const JsonValue*>>;

// Pushes the member pairs of two objects; false if their key sets differ.
bool PushMemberPairs(const JsonValue& a, const JsonValue& b, Pairs* stack) {
  if (a.MemberCount() != b.MemberCount()) return false;
  std::unordered_map<std::string_view, const JsonValue*> index;
  for (const auto& m : b.GetObject()) index[View(m.name)] = &m.value;
  for (const auto& m : a.GetObject()) {
    auto it = index.find(View(m.name));
    if (it == index.end()) return false;
    stack->emplace_back(&m.value, it->second);
  }
  return true;
}

}  // namespace

StatusOr<Json> ParseUntrustedJson(std::string_view text) {
  if (size_t at = FindTooDeep(text); at != std::string_view::npos) {
    return Status::BadRequest(std::string("invalid character '") + text[at] +
                              "' exceeded max depth");
  }
  Json doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return Status::BadRequest(std::string("json parse error: ") +
                              rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                              std::to_string(doc.GetErrorOffset()));
  }
  DedupeTree(&doc);
  return doc;
}

size_t JsonDepth(const JsonValue& value) {
  size_t deepest = 0;
  std::vector<std::pair<const JsonValue*, size_t>> stack{{&value, 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (!v->IsObject() && !v->IsArray()) continue;
    deepest = std::max(deepest, depth + 1);
    if (v->IsObject()) {
      for (const auto& m : v->GetObject()) stack.emplace_back(&m.value, depth + 1);
    } else {
      for (const auto& item : v->GetArray()) stack.emplace_back(&item, depth + 1);
    }
  }
  return deepest;
}

size_t JsonSizeEstimate(const JsonValue& value) {
  size_t size = 0;
  std::vector<const JsonValue*> stack{&value};
  while (!stack.empty()) {
    const JsonValue* v = stack.back();
    stack.pop_back();
    if (v->IsObject()) {
      size += 2;
      for (const auto& m : v->GetObject()) {
        size += m.name.GetStringLength() + 4;  // quotes, colon, comma
        stack.push_back(&m.value);
      }
    } else if (v->IsArray()) {
      size += 2 + v->Size();
      for (const auto& item : v->GetArray()) stack.push_back(&item);
    } else if (v->IsString()) {
      size += v->GetStringLength() + 2;
    } else {
      size += 8;
    }
  }
  return size;
}

void DeepCopy(const JsonValue& src, JsonValue* dst, JsonAllocator& a) {
  std::vector<std::pair<const JsonValue*, JsonValue*>> stack{{&src, dst}};
  while (!stack.empty()) {
    auto [s, d] = stack.back();
    stack.pop_back();
    if (s->IsObject()) {
      d->SetObject();
      // Add every member before taking pointers: AddMember may reallocate.
      for (const auto& m : s->GetObject()) {
        d->AddMember(JsonValue(m.name.GetString(), m.name.GetStringLength(), a), JsonValue(), a);
      }
      auto out = d->MemberBegin();
      for (auto in = s->MemberBegin(); in != s->MemberEnd(); ++in, ++out) {
        stack.emplace_back(&in->value, &out->value);
      }
    } else if (s->IsArray()) {
      d->SetArray();
      d->Reserve(s->Size(), a);
      for (rapidjson::SizeType i = 0; i < s->Size(); ++i) d->PushBack(JsonValue(), a);
      for (rapidjson::SizeType i = 0; i < s->Size(); ++i) stack.emplace_back(&(*s)[i], &(*d)[i]);
    } else if (s->IsString()) {
      d->SetString(s->GetString(), s->GetStringLength(), a);  // always copied, even StringRefs
    } else {
      d->CopyFrom(*s, a);  // a number, bool or null
    }
  }
}

bool JsonEqual(const JsonValue& a, const JsonValue& b) {
  Pairs stack{{&a, &b}};
  while (!stack.empty()) {
    auto [x, y] = stack.back();
    stack.pop_back();
    if (x->IsObject() || y->IsObject()) {
      if (!x->IsObject() || !y->IsObject() || !PushMemberPairs(*x, *y, &stack)) return false;
    } else if (x->IsArray() || y->IsArray()) {
      if (!x->IsArray() || !y->IsArray() || x->Size() != y->Size()) return false;
      for (rapidjson::SizeType i = 0; i < x->Size(); ++i) stack.emplace_back(&(*x)[i], &(*y)[i]);
    } else if (!ScalarsEqual(*x, *y)) {
      return false;
    }
  }
  return true;
}

}  // namespace ekslite::api
