// Database: one owned SQLite connection, and the single place where SQLite
// result codes become Status codes (the storage edge, STYLE.md rule 2).
#ifndef EKSLITE_STORAGE_SQLITE_DATABASE_H_
#define EKSLITE_STORAGE_SQLITE_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;

namespace ekslite::storage::sqlite {

// The Status for SQLite result code `rc` returned by an operation described by
// `what` on connection `db` (may be null; then the message is the generic one
// for `rc`):
//   SQLITE_BUSY, SQLITE_LOCKED      -> kUnavailable (another connection holds a lock)
//   SQLITE_FULL                     -> kUnavailable (disk or database full)
//   SQLITE_CONSTRAINT_UNIQUE        -> kAlreadyExists (a row with that key exists)
//   SQLITE_CONSTRAINT_PRIMARYKEY    -> kConflict (the revision is taken)
//   anything else                   -> kInternal, with sqlite3_errmsg
Status SqliteError(sqlite3* db, int rc, std::string_view what);

class Database {
 public:
  enum class Mode {
    kReadWriteCreate,  // creates the file if missing
    kReadWrite,        // the file must exist
  };

  // Opens `path` in multi-thread mode (SQLITE_OPEN_NOMUTEX): the connection
  // may move between threads but must be used by one thread at a time.
  static StatusOr<Database> Open(const std::string& path, Mode mode);

  Database() = default;
  Database(Database&&) = default;
  Database& operator=(Database&&) = default;

  sqlite3* handle() const { return db_.get(); }

  // Runs `sql`, one or more statements that return no rows (or whose rows
  // are ignored).
  Status Exec(const char* sql);
  // Runs a statement returning one value in its first row, e.g. a PRAGMA.
  StatusOr<int64_t> QueryInt(const char* sql);
  StatusOr<std::string> QueryText(const char* sql);

  // SqliteError for this connection.
  Status Error(int rc, std::string_view what) const { return SqliteError(handle(), rc, what); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  explicit Database(sqlite3* db) : db_(db) {}

  // Prepared statements must be destroyed before the Database that made them.
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_DATABASE_H_
