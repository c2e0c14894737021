// MemoryStore: a complete in-memory Store, the MVCC twin of the sqlite store
// (same history, watch-from-revision, List at an older revision, compaction,
// kExpired), for tests and `--storage=memory`. Nothing survives the process.
//
// Writes are serialized by one mutex and are done by the calling thread, which
// therefore is the "writer thread" on which watch sinks run (under that lock,
// so in revision order). Compaction runs inline in a write when the retention
// policy says it is due.
#ifndef EKSLITE_STORAGE_MEMORY_STORE_H_
#define EKSLITE_STORAGE_MEMORY_STORE_H_

#include <memory>

#include "core/clock.h"
#include "storage/history_retention.h"
#include "storage/store.h"

namespace ekslite::storage {

struct MemoryStoreOptions {
  // Automatic compaction; see storage/history_retention.h.
  RetentionOptions retention;
  // The clock for retention ages; nullptr = RealClock(). Must outlive the store.
  Clock* clock = nullptr;
};

// Returns an empty store. Thread-safe.
std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options = {});

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_MEMORY_STORE_H_
