// Indexer: the thread-safe store behind an informer — the objects by key
// ("namespace/name"), plus named secondary indexes: by namespace, and any
// function of an object (pods by spec.nodeName). Objects are shared frozen
// ObjectPtrs; the indexes hold only views of the keys.
#ifndef EKSLITE_CORE_CLIENT_INDEXER_H_
#define EKSLITE_CORE_CLIENT_INDEXER_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/client/object.h"
#include "core/status.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

// The values an object is indexed under (none, one or several). Must be a
// pure function of the object.
using IndexFunc = std::function<std::vector<std::string>(const JsonValue& object)>;
using Indexers = std::map<std::string, IndexFunc>;

// The name of the namespace index every informer has.
inline constexpr std::string_view kNamespaceIndex = "namespace";
// Indexes by metadata.namespace.
IndexFunc NamespaceIndexFunc();
// Indexes by the string at a dotted path ("spec.nodeName"); objects where it
// is absent or empty are not indexed.
IndexFunc FieldIndexFunc(std::string path);

class Indexer {
 public:
  Indexer() = default;
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Adds indexes and indexes the objects already stored. kAlreadyExists when
  // a name is taken (nothing is added then).
  Status AddIndexers(const Indexers& indexers);

  // The object at `key`, or nullptr.
  ObjectPtr Get(std::string_view key) const;
  // Every object (in no particular order).
  std::vector<ObjectPtr> List() const;
  std::vector<std::string> ListKeys() const;
  size_t size() const;
  // The objects indexed under `value` by index `index`. kNotFound for an
  // unknown index.
  StatusOr<std::vector<ObjectPtr>> ByIndex(std::string_view index, std::string_view value) const;
  // The keys indexed under `value` by `index`; kNotFound for an unknown index.
  StatusOr<std::vector<std::string>> IndexKeys(std::string_view index,
                                               std::string_view value) const;
  // The values index `index` has entries for; kNotFound for an unknown index.
  StatusOr<std::vector<std::string>> IndexValues(std::string_view index) const;

  // Writers (the informer). Each returns the object previously at the key,
  // or nullptr.
  ObjectPtr Upsert(const std::string& key, ObjectPtr object);
  ObjectPtr Remove(std::string_view key);

 private:
  // Lets the maps be searched with a string_view, without a copy.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  // Index name -> value -> keys (views of the keys in objects_).
  struct Index {
    IndexFunc fn;
    StringMap<std::unordered_set<std::string_view>> values;
  };

  void IndexLocked(Index& index, std::string_view key, const JsonValue& object)
      EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UnindexLocked(Index& index, std::string_view key, const JsonValue& object)
      EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable std::mutex mu_;
  StringMap<ObjectPtr> objects_ GUARDED_BY(mu_);
  std::map<std::string, Index, std::less<>> indexes_ GUARDED_BY(mu_);
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_INDEXER_H_
