// LogReader: the read side of the log table (storage/sqlite/schema.h) on one
// read connection of its own. Each call reads one consistent WAL snapshot and
// never blocks, or is blocked by, the writer.
//
// Not thread-safe: a ReaderPool hands each reader to one thread at a time.
#ifndef EKSLITE_STORAGE_SQLITE_LOG_READER_H_
#define EKSLITE_STORAGE_SQLITE_LOG_READER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/schema.h"
#include "storage/sqlite/statement.h"
#include "storage/store.h"

namespace ekslite::storage::sqlite {

class LogReader {
 public:
  // Opens a read connection to the existing store at `path`.
  static StatusOr<std::unique_ptr<LogReader>> Open(const std::string& path,
                                                   const ConnectionSettings& settings);

  LogReader(const LogReader&) = delete;
  LogReader& operator=(const LogReader&) = delete;

  // Store::Get: the key's live value, or kNotFound.
  StatusOr<KeyValue> Get(std::string_view key);

  // Store::List: live keys with `prefix` as of `options.revision` (0 = the
  // snapshot's head); kExpired below the compacted revision, kBadRequest above
  // the head.
  StatusOr<ListResult> List(std::string_view prefix, const ListOptions& options);

  // Calls `replay` with every event on keys with `prefix` whose revision is
  // above `after_revision`, ascending, up to the snapshot's head. Returns
  // kExpired (and calls nothing) when `after_revision` is below the compacted
  // revision.
  Status ReadHistory(std::string_view prefix, int64_t after_revision,
                     const std::function<void(const Event&)>& replay);

 private:
  class Snapshot;

  explicit LogReader(Database db) : db_(std::move(db)) {}
  Status Prepare();
  // Reads the snapshot's head and compacted revisions.
  StatusOr<LogState> ReadState();

  Database db_;  // declared first: destroyed after the statements
  Statement begin_;
  Statement end_;
  Statement state_;
  Statement get_;
  Statement list_;            // bounded key range
  Statement list_unbounded_;  // no upper key bound
  Statement history_;
  Statement history_unbounded_;
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_LOG_READER_H_
