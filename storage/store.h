// Store: a revisioned key-value map with watch, the only thing the apiserver
// needs from storage. Backends: sqlite (durable, the embedded default) and
// memory (tests, --storage=memory); both pass tests/storage/store_conformance.
//
// Revisions: every successful write (create, update, delete) is assigned the
// next revision, global across all keys and strictly increasing. A key's
// `mod_revision` is the revision of its last write and becomes the object's
// resourceVersion; `create_revision` is the revision that created it.
//
// Durability: a write returns only after it is durable (sqlite: committed and
// fsynced). Watch sinks registered before a write see its event before that
// write returns to its caller (this is how the apiserver's watch cache gives
// read-your-writes).
#ifndef EKSLITE_STORAGE_STORE_H_
#define EKSLITE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::storage {

struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
};

struct Event {
  enum class Type { kCreated, kUpdated, kDeleted };
  Type type = Type::kCreated;
  int64_t revision = 0;  // the revision of this write
  std::string key;
  std::string value;       // the new value; empty for kDeleted
  std::string prev_value;  // the value before; empty for kCreated
  int64_t create_revision = 0;  // of the key's current incarnation
  int64_t prev_revision = 0;    // mod revision before this write; 0 for kCreated
};

struct ListOptions {
  // Only keys >= start_key (and with the prefix) are returned; "" = from the start.
  std::string start_key;
  // At most `limit` keys; 0 = no limit. ListResult::more says whether more remain.
  int64_t limit = 0;
  // Read the state as of this revision; 0 = current. Returns kExpired when the
  // revision is older than the compacted revision, kBadRequest when it is newer
  // than the current one.
  int64_t revision = 0;
};

struct ListResult {
  std::vector<KeyValue> items;  // sorted by key
  int64_t revision = 0;         // the revision the list reflects
  bool more = false;            // true when `limit` cut the list short
};

// Receives events in revision order. Called on the store's writer thread (or
// during Watch() for replayed history); must not block and must not call back
// into the store.
using EventSink = std::function<void(const Event&)>;

// A registered watch; destroying it unregisters the sink (after which the sink
// is never called again).
class Watch {
 public:
  virtual ~Watch() = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates `key`. Returns the new revision, or kAlreadyExists if the key exists.
  virtual StatusOr<int64_t> Create(std::string_view key, std::string_view value) = 0;

  // Replaces the value of `key` if its mod revision equals `expected_revision`.
  // Returns the new revision; kNotFound if the key does not exist; kConflict if
  // the key's mod revision differs.
  virtual StatusOr<int64_t> Update(std::string_view key, std::string_view value,
                                   int64_t expected_revision) = 0;

  // Deletes `key`. If `expected_revision` is not 0, only when the key's mod
  // revision equals it (else kConflict). Returns the deleted key's last value
  // with mod_revision set to the revision of the deletion; kNotFound if absent.
  virtual StatusOr<KeyValue> Delete(std::string_view key, int64_t expected_revision) = 0;

  // Returns the current value of `key`, or kNotFound.
  virtual StatusOr<KeyValue> Get(std::string_view key) = 0;

  // Returns the live keys starting with `prefix`, sorted (see ListOptions).
  virtual StatusOr<ListResult> List(std::string_view prefix, const ListOptions& options) = 0;

  // Calls `sink` with every event on keys starting with `prefix` whose revision
  // is greater than `after_revision`: first the stored history, then live
  // events, in order, none lost or repeated. Returns kExpired if
  // `after_revision` is older than the compacted revision.
  virtual StatusOr<std::unique_ptr<Watch>> WatchFrom(std::string_view prefix,
                                                     int64_t after_revision, EventSink sink) = 0;

  // The revision of the latest write (0 for an empty store).
  virtual int64_t CurrentRevision() = 0;
  // Revisions at or below this one have been compacted; history starts after it.
  virtual int64_t CompactedRevision() = 0;

  // Drops history at or below `revision` (superseded values and deletions);
  // live keys are kept. A watch from a revision below it then gets kExpired.
  virtual Status Compact(int64_t revision) = 0;
};

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_STORE_H_
