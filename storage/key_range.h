// Key ranges for prefix scans, shared by the backends.
#ifndef EKSLITE_STORAGE_KEY_RANGE_H_
#define EKSLITE_STORAGE_KEY_RANGE_H_

#include <string>
#include <string_view>

namespace ekslite::storage {

// The smallest key that sorts after every key starting with `prefix` (bytes
// compared unsigned, as memcmp does), or "" when no such key exists: `prefix`
// is empty or all 0xff bytes, and the range is unbounded above.
std::string PrefixEnd(std::string_view prefix);

// Whether `key` starts with `prefix`.
inline bool HasPrefix(std::string_view key, std::string_view prefix) {
  return key.substr(0, prefix.size()) == prefix;
}

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_KEY_RANGE_H_
