// SqliteStore: the durable Store, the embedded default. One SQLite file holds
// an append-only log of every write (kine's layout: one row per revision, see
// storage/sqlite/schema.h for the table and every PRAGMA).
//
// Threads and connections:
//   - one writer thread owns the only write connection and commits concurrent
//     writes in groups, one BEGIN IMMEDIATE ... COMMIT (one fsync) per group;
//     each write still gets its own revision and its own result, and a failed
//     precondition in one does not fail the others (storage/sqlite/log_writer.h);
//   - Get, List and the history part of WatchFrom run on the calling thread,
//     on a pool of read connections; in WAL mode they read a snapshot and
//     never wait for, or hold up, the writer;
//   - watch sinks run on the writer thread after the group's COMMIT and
//     before its callers wake, in revision order.
// There is exactly one writer per file (a "<path>-lock" flock keeps out a
// second process), so SQLITE_BUSY ("database is locked") cannot happen.
//
// Durability: with `fsync` (the default) synchronous=FULL makes COMMIT fsync
// the WAL, and a write is answered only after its COMMIT: an answered write
// survives kill -9 and power loss. A crash at any point leaves the file
// consistent; on open, SQLite recovers the WAL and the store its head and
// compacted revisions from the file.
//
// WAL size: the writer checkpoints when the WAL holds `checkpoint_pages`
// pages (RESTART: copy it into the database, then wait up to
// `checkpoint_wait` for readers still on WAL frames), so the next write starts
// the WAL over from its beginning and the WAL file stays about that size;
// a long read (a big List or history replay) only defers this to a later
// round. Once the store is idle for `idle_checkpoint_after` a TRUNCATE
// checkpoint empties the WAL file. (A PASSIVE checkpoint would never wait, but
// a steady stream of short reads then keeps the WAL from ever restarting.)
//
// Compaction: see storage/history_retention.h for what is kept. It runs on
// the writer thread between groups, `compact_chunk` revisions per
// transaction, so a large compaction delays a group by one chunk at most.
// Freed pages are reused, so under a steady workload (e.g. every node renewing
// its lease every 10 s) the file stops growing. The compacted revision is
// stored in the file; List and WatchFrom below it return kExpired.
#ifndef EKSLITE_STORAGE_SQLITE_STORE_H_
#define EKSLITE_STORAGE_SQLITE_STORE_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "storage/history_retention.h"
#include "storage/store.h"

namespace ekslite::storage {

struct SqliteStoreOptions {
  // The database file, created if missing (its directory must exist). Also
  // used: "<path>-wal", "<path>-shm" (SQLite) and "<path>-lock".
  std::string path;

  // false: synchronous=NORMAL, commits are not fsynced (a crash may lose the
  // latest writes, never consistency). Only for tests and benchmarks.
  bool fsync = true;

  // Automatic compaction; see storage/history_retention.h.
  RetentionOptions retention;
  int64_t compact_chunk = 1000;  // revisions per compaction transaction

  int max_batch = 256;              // writes per transaction (group commit), at most
  int read_connections = 4;         // read connections, opened on demand
  int64_t cache_kib = 16384;        // SQLite page cache per connection
  int64_t checkpoint_pages = 1000;  // checkpoint threshold (4 KiB pages)
  std::chrono::milliseconds checkpoint_wait = std::chrono::milliseconds(20);
  std::chrono::milliseconds idle_checkpoint_after = std::chrono::seconds(1);
  // How often an idle writer wakes for time-based work (real time; the
  // decisions themselves use `clock`).
  std::chrono::milliseconds tick = std::chrono::milliseconds(100);

  // The clock for retention ages and idleness; nullptr = RealClock(). Must
  // outlive the store.
  Clock* clock = nullptr;
};

// Opens (creating if needed) the store at `options.path`. Returns kInvalid
// for bad options or a file that is not an ekslite store, kUnavailable when
// the store is already open (this process or another), kInternal for SQLite
// and I/O failures. Destroying the store answers queued writes,
// checkpoints and closes the file; no call may be in progress then, but
// Watch objects may outlive it.
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options);

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_SQLITE_STORE_H_
