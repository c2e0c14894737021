#include "storage/sqlite/schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "core/log.h"

namespace ekslite::storage::sqlite {
namespace {

constexpr int64_t kApplicationId = 0x656b736c;  // "eksl"
constexpr int64_t kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 5000;

constexpr char kCreateSchema[] = R"sql(
CREATE TABLE log (
  id INTEGER PRIMARY KEY,
  name BLOB NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  value BLOB NOT NULL
);
CREATE UNIQUE INDEX log_name_prev ON log (name, prev_revision);
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('compacted', 0);
PRAGMA application_id = 1701540716;
PRAGMA user_version = 1;
)sql";

Status SetCommonPragmas(Database& db, const ConnectionSettings& settings) {
  sqlite3_busy_timeout(db.handle(), kBusyTimeoutMs);
  const std::string cache = "PRAGMA cache_size = -" + std::to_string(settings.cache_kib);
  EKS_RETURN_IF_ERROR(db.Exec(cache.c_str()));
  return db.Exec("PRAGMA temp_store = MEMORY");
}

// Creates the schema in an empty file, or checks the one already there.
Status CreateOrCheckSchema(Database& db) {
  EKS_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  EKS_ASSIGN_OR_RETURN(int64_t application_id, db.QueryInt("PRAGMA application_id"));
  if (version == 0 && application_id == 0) {
    EKS_ASSIGN_OR_RETURN(int64_t tables, db.QueryInt("SELECT COUNT(*) FROM sqlite_schema"));
    if (tables != 0) return Status::Invalid("sqlite: the file holds another application's tables");
    Logger("storage")->info("sqlite store: creating schema version {}", kSchemaVersion);
    return db.Exec(kCreateSchema);
  }
  if (application_id != kApplicationId) {
    return Status::Invalid("sqlite: the file is not an ekslite store");
  }
  if (version > kSchemaVersion) {
    return Status::Invalid("sqlite: the store has schema version " + std::to_string(version) +
                           ", newer than this binary's " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

StatusOr<LogState> ReadState(Database& db) {
  LogState state;
  EKS_ASSIGN_OR_RETURN(state.compacted,
                       db.QueryInt("SELECT value FROM meta WHERE name = 'compacted'"));
  EKS_ASSIGN_OR_RETURN(int64_t max_id, db.QueryInt("SELECT COALESCE(MAX(id), 0) FROM log"));
  state.head = std::max(max_id, state.compacted);
  return state;
}

}  // namespace

StatusOr<LogState> SetUpWriter(Database& db, const ConnectionSettings& settings) {
  EKS_RETURN_IF_ERROR(SetCommonPragmas(db, settings));
  EKS_ASSIGN_OR_RETURN(std::string mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") return Status::Internal("sqlite: cannot use WAL mode (got " + mode + ")");
  EKS_RETURN_IF_ERROR(
      db.Exec(settings.fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"));
  EKS_RETURN_IF_ERROR(db.Exec("PRAGMA wal_autocheckpoint = 0"));
  EKS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_size_limit = 67108864"));
  EKS_RETURN_IF_ERROR(db.Exec("PRAGMA secure_delete = OFF"));

  EKS_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status status = CreateOrCheckSchema(db);
  StatusOr<LogState> state = status.ok() ? ReadState(db) : StatusOr<LogState>(status);
  if (!state.ok()) {
    (void)db.Exec("ROLLBACK");
    return state.status();
  }
  EKS_RETURN_IF_ERROR(db.Exec("COMMIT"));
  return state;
}

Status SetUpReader(Database& db, const ConnectionSettings& settings) {
  EKS_RETURN_IF_ERROR(SetCommonPragmas(db, settings));
  return db.Exec("PRAGMA query_only = 1");
}

}  // namespace ekslite::storage::sqlite
