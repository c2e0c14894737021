#include "core/client/object.h"

#include "core/api/object_meta.h"

namespace ekslite::client {
namespace {

using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;

// The malloc-backed allocator under every frozen object's pool. It has no
// state, so one instance serves all threads.
rapidjson::CrtAllocator& BaseAllocator() {
  static rapidjson::CrtAllocator allocator;
  return allocator;
}

// The longest string RapidJSON stores inside the value itself (13 bytes on
// 64-bit builds); measured once instead of relying on its private layout.
size_t InlineStringLimit() {
  static const size_t limit = [] {
    size_t n = 0;
    for (; n < 64; ++n) {
      Pool pool(256, &BaseAllocator());
      std::string s(n + 1, 'x');
      JsonValue v(s.data(), static_cast<rapidjson::SizeType>(s.size()), pool);
      if (pool.Size() != 0) break;
    }
    return n;
  }();
  return limit;
}

size_t Aligned(size_t n) { return RAPIDJSON_ALIGN(n); }

// The bytes a pool needs for a copy of `v`: RapidJSON's copy allocates each
// object's members, each array's elements and each long string exactly.
size_t PoolBytes(const JsonValue& v) {
  size_t n = 0;
  if (v.IsObject()) {
    if (v.MemberCount() > 0) n += Aligned(v.MemberCount() * sizeof(JsonValue::Member));
    for (const auto& m : v.GetObject()) n += PoolBytes(m.name) + PoolBytes(m.value);
  } else if (v.IsArray()) {
    if (v.Size() > 0) n += Aligned(v.Size() * sizeof(JsonValue));
    for (const JsonValue& e : v.GetArray()) n += PoolBytes(e);
  } else if (v.IsString() && v.GetStringLength() > InlineStringLimit()) {
    n += Aligned(v.GetStringLength() + 1);
  }
  return n;
}

// A frozen object: the value and the one pool chunk its tree lives in.
struct Frozen {
  explicit Frozen(size_t bytes) : pool(bytes > 0 ? bytes : 8, &BaseAllocator()) {}
  Pool pool;
  JsonValue value;
};

}  // namespace

ObjectPtr FreezeObject(const JsonValue& value) {
  auto frozen = std::make_shared<Frozen>(PoolBytes(value));
  frozen->value.CopyFrom(value, frozen->pool);
  const JsonValue* v = &frozen->value;
  return ObjectPtr(std::move(frozen), v);
}

StatusOr<ObjectPtr> ParseObject(std::string_view text) {
  EKS_ASSIGN_OR_RETURN(Json doc, ParseJson(text));
  return FreezeObject(doc);
}

Json CopyObject(const JsonValue& object) {
  Json doc;
  doc.CopyFrom(object, doc.GetAllocator());
  return doc;
}

ObjectTransform DropManagedFields() {
  return [](JsonValue& object, JsonAllocator&) {
    if (JsonValue* meta = Member(object, "metadata"); meta && meta->IsObject()) {
      RemoveMember(*meta, "managedFields");
    }
  };
}

std::string ObjectKey(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

std::string ObjectKey(const JsonValue& object) {
  return ObjectKey(api::GetNamespace(object), api::GetName(object));
}

std::pair<std::string_view, std::string_view> SplitObjectKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return {std::string_view(), key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

}  // namespace ekslite::client
