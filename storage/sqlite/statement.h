// Statement: one owned prepared statement (RAII). Statements are prepared once
// per connection and reused: bind, step, read columns, Reset().
//
// A statement that has stepped but not been reset keeps its read transaction
// (and so its WAL snapshot) open, which holds back checkpoints: reset every
// statement when done with it, e.g. with a ScopedReset.
#ifndef EKSLITE_STORAGE_SQLITE_STATEMENT_H_
#define EKSLITE_STORAGE_SQLITE_STATEMENT_H_

#include <cstdint>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ekslite::storage::sqlite {

class Statement {
 public:
  // Prepares `sql` (one statement) on `db` for repeated use.
  static StatusOr<Statement> Prepare(sqlite3* db, std::string_view sql);

  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1. A bound blob is not copied: `value` must
  // stay valid until Reset(). A bind error is reported by the next Step().
  void BindInt64(int index, int64_t value);
  void BindBlob(int index, std::string_view value);

  // Returns true when a row is available, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to completion (ignoring rows), then resets.
  Status Run();

  // Columns of the current row, numbered from 0. A blob view is valid until
  // the next Step() or Reset().
  int64_t ColumnInt64(int column) const;
  std::string_view ColumnBlob(int column) const;

  // Ends the current execution and clears the bindings.
  void Reset();

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = 0;  // the first failed bind's result code, or SQLITE_OK
};

// Resets a statement when the scope ends.
class ScopedReset {
 public:
  explicit ScopedReset(Statement& statement) : statement_(statement) {}
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;
  ~ScopedReset() { statement_.Reset(); }

 private:
  Statement& statement_;
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_STATEMENT_H_
