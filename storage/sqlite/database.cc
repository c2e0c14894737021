#include "storage/sqlite/database.h"

#include <sqlite3.h>

#include "storage/sqlite/statement.h"

namespace ekslite::storage::sqlite {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message = "sqlite: " + std::string(what) + ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
      return Status::Unavailable(std::move(message));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE) return Status::AlreadyExists(std::move(message));
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Status::Conflict(std::move(message));
      break;
    default:
      break;
  }
  return Status::Internal(std::move(message) + " (rc " + std::to_string(rc) + ")");
}

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

StatusOr<Database> Database::Open(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
  if (mode == Mode::kReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // closes `raw` on every path, even when open failed
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Status Database::Exec(const char* sql) {
  const int rc = sqlite3_exec(handle(), sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql);
  return Status::Ok();
}

StatusOr<int64_t> Database::QueryInt(const char* sql) {
  EKS_ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(handle(), sql));
  EKS_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Status::Internal(std::string("sqlite: no result from ") + sql);
  return statement.ColumnInt64(0);
}

StatusOr<std::string> Database::QueryText(const char* sql) {
  EKS_ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(handle(), sql));
  EKS_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Status::Internal(std::string("sqlite: no result from ") + sql);
  return std::string(statement.ColumnBlob(0));
}

}  // namespace ekslite::storage::sqlite
