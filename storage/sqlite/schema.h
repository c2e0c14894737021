// The on-disk layout of the sqlite store, and how its connections are set up.
//
// One append-only log table, as kine lays out Kubernetes storage in SQLite:
//
//   log(id INTEGER PRIMARY KEY,        -- the revision of this write (= rowid)
//       name BLOB NOT NULL,            -- the key, compared bytewise
//       create_revision INTEGER,       -- the revision that created this incarnation
//                                      --   (= id for a create)
//       prev_revision INTEGER,         -- the key's previous row (its tombstone for a
//                                      --   re-create), 0 for the first create
//       deleted INTEGER,               -- 1 for a deletion (tombstone)
//       value BLOB NOT NULL)           -- the value; empty for a tombstone
//   UNIQUE INDEX log_name_prev (name, prev_revision)
//   meta(name TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID
//       -- 'compacted': revisions at or below it have been compacted
//   PRAGMA application_id = 0x656b736c ('eksl'), user_version = schema version (1)
//
// Every write inserts one row. A key's newest row is the one with the highest
// prev_revision (they grow with id), found through the unique index, which is
// also covering for (name, id) and is the backstop against two rows claiming
// the same predecessor. The head revision is max(MAX(id), compacted): the
// newest row can itself be a compacted tombstone.
//
// PRAGMAs, writer connection:
//   journal_mode=WAL            readers never block the writer, nor it them
//   synchronous=FULL            COMMIT fsyncs the WAL: an answered write is on disk
//                               (NORMAL when SqliteStoreOptions::fsync is false)
//   wal_autocheckpoint=0        the writer checkpoints itself (sqlite_store.h)
//   journal_size_limit=64 MiB   a WAL reset truncates a larger WAL back to this
//   secure_delete=OFF           Debian builds it ON; zeroing freed rows only costs I/O
//   cache_size=-<cache_kib>     page cache per connection
//   temp_store=MEMORY
//   busy_timeout 5 s            only another process could make it wait
// Reader connections: query_only=1, cache_size, temp_store=MEMORY, busy_timeout 5 s.
#ifndef EKSLITE_STORAGE_SQLITE_SCHEMA_H_
#define EKSLITE_STORAGE_SQLITE_SCHEMA_H_

#include <cstdint>

#include "core/status.h"
#include "storage/sqlite/database.h"

namespace ekslite::storage::sqlite {

// What a store recovers from its file on open.
struct LogState {
  int64_t head = 0;       // the latest revision
  int64_t compacted = 0;  // the compacted revision
};

struct ConnectionSettings {
  bool fsync = true;         // synchronous=FULL (else NORMAL); writer only
  int64_t cache_kib = 8192;  // cache_size
};

// Sets the writer's PRAGMAs, creates the schema in a new file or checks the
// one in an existing file (kInvalid when it is not an ekslite store or a newer
// schema), and returns the state recorded in it.
StatusOr<LogState> SetUpWriter(Database& db, const ConnectionSettings& settings);

// Sets a reader's PRAGMAs.
Status SetUpReader(Database& db, const ConnectionSettings& settings);

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_SCHEMA_H_
