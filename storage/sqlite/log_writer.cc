#include "storage/sqlite/log_writer.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <utility>

#include "core/log.h"

namespace ekslite::storage::sqlite {
namespace {

constexpr char kLookup[] =
    "SELECT id, create_revision, deleted, value FROM log WHERE name = ?1 "
    "ORDER BY prev_revision DESC LIMIT 1";
constexpr char kInsert[] =
    "INSERT INTO log (id, name, create_revision, prev_revision, deleted, value) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// Rows replaced by a later row in the range, then deletions in the range:
// neither is needed to read any revision from the range's end on.
constexpr char kCompactSuperseded[] =
    "DELETE FROM log WHERE id IN "
    "(SELECT prev_revision FROM log WHERE id BETWEEN ?1 AND ?2 AND prev_revision > 0)";
constexpr char kCompactDeleted[] = "DELETE FROM log WHERE id BETWEEN ?1 AND ?2 AND deleted = 1";
constexpr char kSetCompacted[] = "UPDATE meta SET value = ?1 WHERE name = 'compacted'";
constexpr int kBusyTimeoutMs = 5000;
// A checkpoint polls for readers to leave the WAL this often: finer than
// SQLite's own busy timeout, whose first sleep is a whole millisecond.
constexpr std::chrono::microseconds kCheckpointPoll(100);

std::string Quote(std::string_view key) { return "\"" + std::string(key) + "\""; }

}  // namespace

struct LogWriter::Request {
  Request(Kind k, std::string_view key_in, std::string_view value_in, int64_t expected_in = 0,
          KeyValue* deleted_in = nullptr)
      : kind(k), key(key_in), value(value_in), expected(expected_in), deleted(deleted_in) {}

  Kind kind;
  std::string_view key;
  std::string_view value;
  int64_t expected = 0;
  KeyValue* deleted = nullptr;  // kDelete: receives the key's last value
  // Set by the writer before `done`.
  Status status;
  int64_t revision = 0;
  // Completion. Each request has its own mutex so that waking a group's
  // callers does not make them queue on one lock.
  std::mutex mu;
  std::condition_variable cv;
  bool done GUARDED_BY(mu) = false;
};

LogWriter::LogWriter(Database db, LogState state, WatchHub* hub, const LogWriterOptions& options)
    : options_(options),
      clock_(options.clock ? *options.clock : RealClock()),
      hub_(hub),
      db_(std::move(db)),
      retention_(options.retention, clock_.Monotonic(), state.head),
      last_write_(clock_.Monotonic()),
      checkpoint_at_(options.checkpoint_pages),
      head_(state.head),
      compacted_(state.compacted) {}

LogWriter::~LogWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_one();
  compacted_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status LogWriter::Prepare() {
  sqlite3* db = db_.handle();
  EKS_ASSIGN_OR_RETURN(begin_, Statement::Prepare(db, "BEGIN IMMEDIATE"));
  EKS_ASSIGN_OR_RETURN(commit_, Statement::Prepare(db, "COMMIT"));
  EKS_ASSIGN_OR_RETURN(rollback_, Statement::Prepare(db, "ROLLBACK"));
  EKS_ASSIGN_OR_RETURN(lookup_, Statement::Prepare(db, kLookup));
  EKS_ASSIGN_OR_RETURN(insert_, Statement::Prepare(db, kInsert));
  EKS_ASSIGN_OR_RETURN(compact_superseded_, Statement::Prepare(db, kCompactSuperseded));
  EKS_ASSIGN_OR_RETURN(compact_deleted_, Statement::Prepare(db, kCompactDeleted));
  EKS_ASSIGN_OR_RETURN(set_compacted_, Statement::Prepare(db, kSetCompacted));
  sqlite3_wal_hook(db, &LogWriter::OnWalCommit, this);
  return Status::Ok();
}

void LogWriter::Start() {
  thread_ = std::thread([this] { Run(); });
}

int LogWriter::OnCheckpointBusy(void* self, int attempts) {
  if (attempts >= static_cast<LogWriter*>(self)->checkpoint_busy_limit_) return 0;
  std::this_thread::sleep_for(kCheckpointPoll);
  return 1;
}

int LogWriter::OnWalCommit(void* self, sqlite3*, const char*, int pages) {
  auto* writer = static_cast<LogWriter*>(self);
  writer->wal_pages_ = pages;
  writer->wal_file_used_ = true;
  return SQLITE_OK;
}

StatusOr<int64_t> LogWriter::Create(std::string_view key, std::string_view value) {
  Request request(Kind::kCreate, key, value);
  return Submit(request);
}

StatusOr<int64_t> LogWriter::Update(std::string_view key, std::string_view value,
                                    int64_t expected) {
  Request request(Kind::kUpdate, key, value, expected);
  return Submit(request);
}

StatusOr<KeyValue> LogWriter::Delete(std::string_view key, int64_t expected) {
  KeyValue last;
  Request request(Kind::kDelete, key, {}, expected, &last);
  EKS_ASSIGN_OR_RETURN(last.mod_revision, Submit(request));
  return last;
}

StatusOr<int64_t> LogWriter::Submit(Request& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Status::Unavailable("storage: the store is closing");
    queue_.push_back(&request);
    if (writer_waiting_) work_.notify_one();
  }
  {
    // The writer sets `done` and notifies under request.mu, so `request` (and
    // its condition variable) outlives every use the writer makes of it.
    std::unique_lock<std::mutex> lock(request.mu);
    request.cv.wait(lock, [&] { return request.done; });
  }
  if (!request.status.ok()) return request.status;
  return request.revision;
}

void LogWriter::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      const auto has_work = [&] {
        return !queue_.empty() || stopping_ || compact_target_ > compacted();
      };
      if (!has_work()) {
        writer_waiting_ = true;
        work_.wait_for(lock, options_.tick, has_work);
        writer_waiting_ = false;
      }
      if (queue_.empty() && stopping_) break;
      TakeBatchLocked();
    }
    const bool wrote = !batch_.empty();
    if (wrote) CommitBatch();
    Maintain(wrote);
  }
  if (wal_file_used_) Checkpoint(/*truncate=*/true);
}

void LogWriter::TakeBatchLocked() {
  const size_t max_batch = static_cast<size_t>(std::max(1, options_.max_batch));
  int64_t bytes = 0;
  size_t n = 0;
  while (n < queue_.size() && n < max_batch && (n == 0 || bytes < options_.max_batch_bytes)) {
    bytes += static_cast<int64_t>(queue_[n]->key.size() + queue_[n]->value.size());
    ++n;
  }
  batch_.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
}

void LogWriter::CommitBatch() {
  int64_t revision = head();
  n_events_ = 0;
  if (Status s = begin_.Run(); !s.ok()) return FailBatch(s);
  for (Request* request : batch_) {
    Status s = Apply(*request, &revision);
    if (s.ok()) continue;
    if (sqlite3_get_autocommit(db_.handle())) {  // SQLite rolled the transaction back
      FailBatch(s);
      return ResyncHead();
    }
    // Only this request's statement was undone; the others stand.
    request->status = std::move(s);
  }
  if (Status s = commit_.Run(); !s.ok()) {
    Logger("storage")->error("sqlite store: commit failed: {}", s.ToString());
    if (!sqlite3_get_autocommit(db_.handle())) (void)rollback_.Run();
    FailBatch(s);
    return ResyncHead();
  }
  head_.store(revision, std::memory_order_release);
  const auto now = clock_.Monotonic();
  last_write_ = now;
  retention_.Observe(now, revision);
  hub_->Publish({events_.data(), n_events_});
  CompleteBatch();
}

StatusOr<LogWriter::Latest> LogWriter::LookUp(std::string_view key, std::string* value) {
  ScopedReset reset(lookup_);
  lookup_.BindBlob(1, key);
  EKS_ASSIGN_OR_RETURN(bool found, lookup_.Step());
  Latest latest;
  if (!found) return latest;
  latest.revision = lookup_.ColumnInt64(0);
  latest.create_revision = lookup_.ColumnInt64(1);
  latest.live = lookup_.ColumnInt64(2) == 0;
  if (value != nullptr) value->assign(lookup_.ColumnBlob(3));
  return latest;
}

Status LogWriter::Apply(Request& request, int64_t* revision) {
  // The event slot is used only if the write succeeds; else the next request
  // reuses it.
  Event& event = NextEvent();
  const bool create = request.kind == Kind::kCreate;
  EKS_ASSIGN_OR_RETURN(Latest latest, LookUp(request.key, create ? nullptr : &event.prev_value));
  if (create && latest.live) {
    request.status = Status::AlreadyExists(Quote(request.key) + " already exists");
    return Status::Ok();
  }
  if (!create && !latest.live) {
    request.status = Status::NotFound(Quote(request.key) + " not found");
    return Status::Ok();
  }
  const bool checked = request.kind == Kind::kUpdate || request.expected != 0;
  if (!create && checked && request.expected != latest.revision) {
    request.status = Status::Conflict(Quote(request.key) + " was modified at revision " +
                                      std::to_string(latest.revision) + ", not " +
                                      std::to_string(request.expected));
    return Status::Ok();
  }

  const int64_t next = *revision + 1;
  event.revision = next;
  event.key.assign(request.key);
  if (create) {
    event.type = Event::Type::kCreated;
    event.value.assign(request.value);
    event.prev_value.clear();
    event.create_revision = next;
    event.prev_revision = 0;
  } else {
    const bool update = request.kind == Kind::kUpdate;
    event.type = update ? Event::Type::kUpdated : Event::Type::kDeleted;
    event.value.assign(update ? request.value : std::string_view());
    event.create_revision = latest.create_revision;
    event.prev_revision = latest.revision;
  }
  // A re-create names the key's tombstone as its predecessor, as kine does,
  // so that (name, prev_revision) stays unique.
  Status inserted =
      Insert(request, next, event.create_revision, latest.revision, request.kind == Kind::kDelete);
  if (!inserted.ok()) {
    // The unique (name, prev_revision) index caught a second successor of the
    // same row: for an update or delete that is a lost race, i.e. a conflict.
    if (inserted.IsAlreadyExists() && !create) {
      return Status::Conflict(Quote(request.key) + ": " + inserted.message());
    }
    return inserted;
  }
  ++n_events_;
  *revision = next;
  request.revision = next;
  if (request.deleted != nullptr) {
    request.deleted->key.assign(request.key);
    request.deleted->value = event.prev_value;
    request.deleted->create_revision = event.create_revision;
  }
  return Status::Ok();
}

Status LogWriter::Insert(const Request& request, int64_t revision, int64_t create_revision,
                         int64_t prev_revision, bool deleted) {
  insert_.BindInt64(1, revision);
  insert_.BindBlob(2, request.key);
  insert_.BindInt64(3, create_revision);
  insert_.BindInt64(4, prev_revision);
  insert_.BindInt64(5, deleted ? 1 : 0);
  insert_.BindBlob(6, deleted ? std::string_view() : request.value);
  return insert_.Run();
}

Event& LogWriter::NextEvent() {
  if (n_events_ == events_.size()) events_.emplace_back();
  return events_[n_events_];
}

void LogWriter::FailBatch(const Status& status) {
  for (Request* request : batch_) request->status = status;
  CompleteBatch();
}

void LogWriter::CompleteBatch() {
  for (Request* request : batch_) {
    std::lock_guard<std::mutex> lock(request->mu);
    request->done = true;
    request->cv.notify_one();
  }
  batch_.clear();
}

void LogWriter::ResyncHead() {
  StatusOr<int64_t> max_id = db_.QueryInt("SELECT COALESCE(MAX(id), 0) FROM log");
  if (!max_id.ok()) {
    Logger("storage")->error("sqlite store: cannot re-read the head: {}",
                             max_id.status().ToString());
    return;
  }
  const int64_t head = std::max(*max_id, compacted());
  if (head != this->head()) {
    // A commit reported as failed reached the disk after all; its callers were
    // told it failed and watchers did not see it.
    Logger("storage")->error("sqlite store: head moved from {} to {} after a failed commit",
                             this->head(), head);
  }
  head_.store(head, std::memory_order_release);
}

void LogWriter::Maintain(bool wrote) {
  const auto now = clock_.Monotonic();
  if (retention_.Due(now)) {
    const int64_t target = retention_.Target(now, head());
    std::lock_guard<std::mutex> lock(mu_);
    compact_target_ = std::max(compact_target_, target);
  }
  CompactChunk();
  if (wal_pages_ >= checkpoint_at_) {
    Checkpoint(/*truncate=*/false);
  } else if (!wrote && wal_file_used_ && now - last_write_ >= options_.idle_checkpoint_after) {
    Checkpoint(/*truncate=*/true);
  }
}

void LogWriter::CompactChunk() {
  int64_t target = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = compact_target_;
  }
  const int64_t from = compacted() + 1;
  if (target < from) return;
  const int64_t to = std::min(target, compacted() + std::max<int64_t>(1, options_.compact_chunk));
  Status s = CompactRange(from, to);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (s.ok()) {
      compacted_.store(to, std::memory_order_release);
    } else {
      Logger("storage")->error("sqlite store: compaction to {} failed: {}", to, s.ToString());
      ++compact_failures_;
      compact_error_ = s;
      compact_target_ = compacted();  // wait for the next request or policy run
    }
  }
  compacted_cv_.notify_all();
  if (s.ok() && to == target) {
    Logger("storage")->debug("sqlite store: compacted to revision {}", to);
  }
}

Status LogWriter::CompactRange(int64_t from, int64_t to) {
  EKS_RETURN_IF_ERROR(begin_.Run());
  compact_superseded_.BindInt64(1, from);
  compact_superseded_.BindInt64(2, to);
  compact_deleted_.BindInt64(1, from);
  compact_deleted_.BindInt64(2, to);
  set_compacted_.BindInt64(1, to);
  Status s = compact_superseded_.Run();
  if (s.ok()) s = compact_deleted_.Run();
  if (s.ok()) s = set_compacted_.Run();
  if (s.ok()) s = commit_.Run();
  if (!s.ok() && !sqlite3_get_autocommit(db_.handle())) (void)rollback_.Run();
  return s;
}

void LogWriter::Checkpoint(bool truncate) {
  int log_pages = 0;
  int checkpointed = 0;
  // RESTART (and TRUNCATE) copy the whole WAL into the database, then wait
  // for the readers still reading WAL frames to finish, so that the next
  // write starts the WAL over from its beginning. A PASSIVE checkpoint would
  // not wait, but then a steady stream of short reads keeps the WAL from ever
  // restarting and it grows without bound. The wait is capped: a long read
  // (a big List or history replay) defers the restart to a later round.
  checkpoint_busy_limit_ = static_cast<int>(options_.checkpoint_wait / kCheckpointPoll);
  sqlite3_busy_handler(db_.handle(), &LogWriter::OnCheckpointBusy, this);
  const int rc = sqlite3_wal_checkpoint_v2(
      db_.handle(), nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_RESTART,
      &log_pages, &checkpointed);
  sqlite3_busy_timeout(db_.handle(), kBusyTimeoutMs);
  if (rc == SQLITE_OK) {
    wal_pages_ = 0;
    checkpoint_at_ = options_.checkpoint_pages;
    if (truncate) wal_file_used_ = false;
    return;
  }
  if (rc != SQLITE_BUSY) {
    Logger("storage")->warn("sqlite store: checkpoint failed: {}",
                            db_.Error(rc, "wal_checkpoint").ToString());
  }
  // Retry after a quarter round of pages rather than after every commit.
  checkpoint_at_ = wal_pages_ + std::max<int64_t>(1, options_.checkpoint_pages / 4);
}

Status LogWriter::Compact(int64_t revision) {
  std::unique_lock<std::mutex> lock(mu_);
  if (revision <= compacted()) return Status::Ok();
  if (revision > head()) {
    return Status::BadRequest("cannot compact to revision " + std::to_string(revision) +
                              ", newer than the current revision " + std::to_string(head()));
  }
  if (stopping_) return Status::Unavailable("storage: the store is closing");
  compact_target_ = std::max(compact_target_, revision);
  const uint64_t failures = compact_failures_;
  work_.notify_one();
  compacted_cv_.wait(
      lock, [&] { return compacted() >= revision || compact_failures_ != failures || stopping_; });
  if (compacted() >= revision) return Status::Ok();
  if (compact_failures_ != failures) return compact_error_;
  return Status::Unavailable("storage: the store is closing");
}

}  // namespace ekslite::storage::sqlite
