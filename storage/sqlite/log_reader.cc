#include "storage/sqlite/log_reader.h"

#include <algorithm>
#include <utility>

#include "storage/key_range.h"

namespace ekslite::storage::sqlite {
namespace {

constexpr char kState[] =
    "SELECT (SELECT COALESCE(MAX(id), 0) FROM log), "
    "(SELECT value FROM meta WHERE name = 'compacted')";

constexpr char kGet[] =
    "SELECT id, create_revision, deleted, value FROM log WHERE name = ?1 "
    "ORDER BY prev_revision DESC LIMIT 1";

// A row is the key's state at revision ?3 when no row at or below ?3 names it
// as its predecessor. The scan follows the (name, prev_revision) index, so it
// comes out sorted and LIMIT stops it early.
constexpr char kList[] =
    "SELECT name, value, create_revision, id FROM log AS l "
    "WHERE name >= ?1 AND name < ?2 AND id <= ?3 "
    "AND NOT EXISTS (SELECT 1 FROM log AS n "
    "WHERE n.name = l.name AND n.prev_revision = l.id AND n.id <= ?3) "
    "AND deleted = 0 ORDER BY name LIMIT ?4";
constexpr char kListUnbounded[] =
    "SELECT name, value, create_revision, id FROM log AS l "
    "WHERE name >= ?1 AND id <= ?3 "
    "AND NOT EXISTS (SELECT 1 FROM log AS n "
    "WHERE n.name = l.name AND n.prev_revision = l.id AND n.id <= ?3) "
    "AND deleted = 0 ORDER BY name LIMIT ?4";

// `+name` keeps the planner on the rowid range, so history streams in
// revision order without a sort.
constexpr char kHistory[] =
    "SELECT l.id, l.name, l.value, l.create_revision, l.prev_revision, l.deleted, p.value "
    "FROM log AS l LEFT JOIN log AS p ON p.id = l.prev_revision "
    "WHERE l.id > ?1 AND +l.name >= ?2 AND +l.name < ?3 ORDER BY l.id";
constexpr char kHistoryUnbounded[] =
    "SELECT l.id, l.name, l.value, l.create_revision, l.prev_revision, l.deleted, p.value "
    "FROM log AS l LEFT JOIN log AS p ON p.id = l.prev_revision "
    "WHERE l.id > ?1 AND +l.name >= ?2 ORDER BY l.id";

Status ExpiredStatus(int64_t revision, int64_t compacted) {
  return Status::Expired("revision " + std::to_string(revision) +
                         " has been compacted (compacted revision " + std::to_string(compacted) +
                         ")");
}

// Fills `event` from a history row, reusing its strings' storage.
void FillEvent(const Statement& row, Event& event) {
  event.revision = row.ColumnInt64(0);
  event.key.assign(row.ColumnBlob(1));
  event.create_revision = row.ColumnInt64(3);
  const bool deleted = row.ColumnInt64(5) != 0;
  if (event.create_revision == event.revision) {
    event.type = Event::Type::kCreated;
    event.value.assign(row.ColumnBlob(2));
    event.prev_value.clear();
    event.prev_revision = 0;
    return;
  }
  event.type = deleted ? Event::Type::kDeleted : Event::Type::kUpdated;
  event.value.assign(deleted ? std::string_view() : row.ColumnBlob(2));
  event.prev_value.assign(row.ColumnBlob(6));
  event.prev_revision = row.ColumnInt64(4);
}

}  // namespace

// A read transaction: every statement run while it is open sees the same
// snapshot of the database.
class LogReader::Snapshot {
 public:
  explicit Snapshot(LogReader& reader) : reader_(reader) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  ~Snapshot() {
    if (open_) (void)reader_.end_.Run();
  }

  Status Begin() {
    EKS_RETURN_IF_ERROR(reader_.begin_.Run());
    open_ = true;
    return Status::Ok();
  }

 private:
  LogReader& reader_;
  bool open_ = false;
};

StatusOr<std::unique_ptr<LogReader>> LogReader::Open(const std::string& path,
                                                     const ConnectionSettings& settings) {
  EKS_ASSIGN_OR_RETURN(Database db, Database::Open(path, Database::Mode::kReadWrite));
  EKS_RETURN_IF_ERROR(SetUpReader(db, settings));
  std::unique_ptr<LogReader> reader(new LogReader(std::move(db)));
  EKS_RETURN_IF_ERROR(reader->Prepare());
  return reader;
}

Status LogReader::Prepare() {
  sqlite3* db = db_.handle();
  EKS_ASSIGN_OR_RETURN(begin_, Statement::Prepare(db, "BEGIN"));
  EKS_ASSIGN_OR_RETURN(end_, Statement::Prepare(db, "COMMIT"));
  EKS_ASSIGN_OR_RETURN(state_, Statement::Prepare(db, kState));
  EKS_ASSIGN_OR_RETURN(get_, Statement::Prepare(db, kGet));
  EKS_ASSIGN_OR_RETURN(list_, Statement::Prepare(db, kList));
  EKS_ASSIGN_OR_RETURN(list_unbounded_, Statement::Prepare(db, kListUnbounded));
  EKS_ASSIGN_OR_RETURN(history_, Statement::Prepare(db, kHistory));
  EKS_ASSIGN_OR_RETURN(history_unbounded_, Statement::Prepare(db, kHistoryUnbounded));
  return Status::Ok();
}

StatusOr<LogState> LogReader::ReadState() {
  ScopedReset reset(state_);
  EKS_ASSIGN_OR_RETURN(bool row, state_.Step());
  if (!row) return Status::Internal("sqlite: cannot read the store's state");
  LogState state;
  state.compacted = state_.ColumnInt64(1);
  state.head = std::max(state_.ColumnInt64(0), state.compacted);
  return state;
}

StatusOr<KeyValue> LogReader::Get(std::string_view key) {
  ScopedReset reset(get_);
  get_.BindBlob(1, key);
  EKS_ASSIGN_OR_RETURN(bool row, get_.Step());
  if (!row || get_.ColumnInt64(2) != 0) {
    return Status::NotFound(std::string(key) + " not found");
  }
  return KeyValue{std::string(key), std::string(get_.ColumnBlob(3)), get_.ColumnInt64(1),
                  get_.ColumnInt64(0)};
}

StatusOr<ListResult> LogReader::List(std::string_view prefix, const ListOptions& options) {
  Snapshot snapshot(*this);
  EKS_RETURN_IF_ERROR(snapshot.Begin());
  EKS_ASSIGN_OR_RETURN(LogState state, ReadState());
  ListResult result;
  result.revision = options.revision != 0 ? options.revision : state.head;
  if (result.revision < state.compacted) return ExpiredStatus(result.revision, state.compacted);
  if (result.revision > state.head) {
    return Status::BadRequest("revision " + std::to_string(result.revision) +
                              " is newer than the current revision " + std::to_string(state.head));
  }
  const std::string end = PrefixEnd(prefix);
  Statement& list = end.empty() ? list_unbounded_ : list_;
  ScopedReset reset(list);
  list.BindBlob(1, std::max(prefix, std::string_view(options.start_key)));
  if (!end.empty()) list.BindBlob(2, end);
  list.BindInt64(3, result.revision);
  list.BindInt64(4, options.limit > 0 ? options.limit + 1 : -1);
  for (;;) {
    EKS_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    if (options.limit > 0 && static_cast<int64_t>(result.items.size()) == options.limit) {
      result.more = true;
      break;
    }
    result.items.push_back(KeyValue{std::string(list.ColumnBlob(0)),
                                    std::string(list.ColumnBlob(1)), list.ColumnInt64(2),
                                    list.ColumnInt64(3)});
  }
  return result;
}

Status LogReader::ReadHistory(std::string_view prefix, int64_t after_revision,
                              const std::function<void(const Event&)>& replay) {
  Snapshot snapshot(*this);
  EKS_RETURN_IF_ERROR(snapshot.Begin());
  EKS_ASSIGN_OR_RETURN(LogState state, ReadState());
  if (after_revision < state.compacted) return ExpiredStatus(after_revision, state.compacted);
  const std::string end = PrefixEnd(prefix);
  Statement& history = end.empty() ? history_unbounded_ : history_;
  ScopedReset reset(history);
  history.BindInt64(1, after_revision);
  history.BindBlob(2, prefix);
  if (!end.empty()) history.BindBlob(3, end);
  Event event;
  for (;;) {
    EKS_ASSIGN_OR_RETURN(bool row, history.Step());
    if (!row) return Status::Ok();
    FillEvent(history, event);
    replay(event);
  }
}

}  // namespace ekslite::storage::sqlite
