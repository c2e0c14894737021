// The watch cache's view of one object version and of one change.
#ifndef EKSLITE_APISERVER_CACHE_CACHED_OBJECT_H_
#define EKSLITE_APISERVER_CACHE_CACHED_OBJECT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ekslite::apiserver {

// What selectors look at, extracted once when the version enters the cache.
struct ObjectIndex {
  std::string name;
  std::string namespace_;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string, std::less<>> fields;  // field-selector values
};

// One version of an object. Immutable and shared between the cache, its
// history and watchers.
struct CachedObject {
  std::string key;
  int64_t revision = 0;  // the resourceVersion of this version
  std::string json;      // the served JSON, resourceVersion included
  ObjectIndex index;
};

using ObjectPtr = std::shared_ptr<const CachedObject>;

struct CacheEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark };
  Type type = Type::kAdded;
  int64_t revision = 0;
  // kAdded/kModified: the new version. kDeleted: the last version with the
  // deletion's revision as resourceVersion. kBookmark: null.
  ObjectPtr object;
  // The version before (null for kAdded and kBookmark).
  ObjectPtr prev;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CACHE_CACHED_OBJECT_H_
