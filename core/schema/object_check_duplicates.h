// Finding repeated member names in JSON text.
//
// Go's strict decoder reports `duplicate field "metadata.name"` when an object
// names a member twice; a parsed RapidJSON document no longer shows it
// (api::ParseUntrustedJson keeps the last occurrence, as Go does). The
// scanner reads the request text once, before or after parsing, and lists
// every repetition with its location, so that CheckObject can report the ones
// upstream reports (known fields of typed objects and keys of maps; never
// inside skipped unknown fields or opaque values).
//
// The scanner is linear in the text, never recurses, and bounds its output,
// so it is safe on untrusted input. Pure function; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_OBJECT_CHECK_DUPLICATES_H_
#define EKSLITE_CORE_SCHEMA_OBJECT_CHECK_DUPLICATES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ekslite::schema {

// At most this many repetitions are listed; later ones are ignored (upstream
// reports at most 100 strict errors in all).
inline constexpr size_t kMaxDuplicateKeys = 1000;

// One repeated member name.
struct DuplicateKey {
  // Where the object holding the member is, in an unambiguous encoding of its
  // path from the root: per step "k<length>:<member name>" or "i<index>;"
  // ("" for the root object). Matches ObjectPathKey in object_check.cc.
  std::string object_path;
  // The member name, unescaped.
  std::string key;
  // The member's path as Go's strict decoder prints it: member names joined
  // with ".", list positions as "[i]": "spec.containers[0].name".
  std::string field_path;
};

// Every member whose name repeats an earlier member of the same object, in
// document order (each repetition after the first is listed). Member names
// are compared after unescaping (`"a"` and `"\u0061"` are the same name).
// Text that is not well-formed JSON is scanned up to the first problem.
std::vector<DuplicateKey> FindDuplicateKeys(std::string_view json_text);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_OBJECT_CHECK_DUPLICATES_H_
