// Whole-tree operations on untrusted JSON values that never recurse on the C++
// stack, so a hostile document (a million nested arrays) cannot overflow it.
//
// RapidJSON's own copy constructor, operator== and recursive parser recurse
// once per nesting level; code handling request bodies uses these instead.
// All functions are pure; thread-safety is that of the values passed in.
#ifndef EKSLITE_CORE_API_JSON_TREE_H_
#define EKSLITE_CORE_API_JSON_TREE_H_

#include <cstddef>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::api {

// The deepest nesting a request body may have (Go's encoding/json limit).
inline constexpr size_t kMaxJsonDepth = 10000;

// Parses a request body the way Go's encoding/json sees it:
//   - nesting deeper than kMaxJsonDepth is kBadRequest "invalid character '['
//     exceeded max depth" (Go's text), detected before any recursion;
//   - duplicate keys in an object collapse to the last occurrence, keeping its
//     value (decoding into a Go map overwrites);
//   - other syntax errors are kBadRequest as from ParseJson.
StatusOr<Json> ParseUntrustedJson(std::string_view text);

// Nesting depth: 0 for scalars, 1 for [] and {}, 1 + the deepest child
// otherwise.
size_t JsonDepth(const JsonValue& value);

// An estimate of the compact serialisation size in bytes (exact for plain
// ASCII strings without escapes).
size_t JsonSizeEstimate(const JsonValue& value);

// Makes `*dst` a deep copy of `src`, allocating from `a` (the allocator of the
// document that owns `dst`). `src` and `dst` must not overlap.
void DeepCopy(const JsonValue& src, JsonValue* dst, JsonAllocator& a);

// Structural equality: objects equal when they have the same keys with equal
// values in any order, arrays element-wise, numbers by value (1 == 1.0).
bool JsonEqual(const JsonValue& a, const JsonValue& b);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_JSON_TREE_H_
