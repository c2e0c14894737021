// LogWriter: the only writer of the log table. One thread owns the write
// connection and commits writes in groups:
//
//   callers:  Create/Update/Delete enqueue a request and sleep
//   writer:   take up to max_batch queued requests
//             BEGIN IMMEDIATE
//             for each request: look up the key's newest row, check the
//               precondition, INSERT the next revision (a failed check fails
//               only that request; nothing was written for it)
//             COMMIT                       (one fsync for the whole group)
//             publish the events to the WatchHub, in revision order
//             wake the callers with their own results
//             then, between groups: one compaction chunk if one is due, and a
//             WAL checkpoint when the WAL is long (RESTART) or the store idle
//             (TRUNCATE)
//
// A write is answered only after its COMMIT returned, so an answered write
// survives a crash (kill -9, power loss with synchronous=FULL). If a COMMIT
// fails, every request of the group fails and the head is re-read from disk.
#ifndef EKSLITE_STORAGE_SQLITE_LOG_WRITER_H_
#define EKSLITE_STORAGE_SQLITE_LOG_WRITER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "storage/history_retention.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/schema.h"
#include "storage/sqlite/statement.h"
#include "storage/store.h"
#include "core/thread_annotations.h"
#include "storage/watch_hub.h"

namespace ekslite::storage::sqlite {

struct LogWriterOptions {
  int max_batch = 256;                 // requests per transaction, at most
  int64_t max_batch_bytes = 16 << 20;  // key+value bytes per transaction, about
  int64_t compact_chunk = 1000;        // revisions compacted per transaction
  int64_t checkpoint_pages = 1000;     // checkpoint past this many WAL pages
  // How long a checkpoint may wait for readers of the WAL to finish.
  std::chrono::milliseconds checkpoint_wait = std::chrono::milliseconds(20);
  // TRUNCATE checkpoint once no write came for this long (injected clock).
  std::chrono::milliseconds idle_checkpoint_after = std::chrono::seconds(1);
  // How often an idle writer wakes to run time-based work (real time).
  std::chrono::milliseconds tick = std::chrono::milliseconds(100);
  RetentionOptions retention;
  Clock* clock = nullptr;  // nullptr = RealClock()
};

class LogWriter {
 public:
  // Takes over `db`, already set up by SetUpWriter() which returned `state`,
  // and starts the writer thread. `hub` must outlive the writer.
  LogWriter(Database db, LogState state, WatchHub* hub, const LogWriterOptions& options);
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;
  // Answers the writes already queued, checkpoints (TRUNCATE) and stops.
  ~LogWriter();

  // Prepares the statements. Call once, before any write.
  Status Prepare();
  // Starts the writer thread. Call once, after Prepare().
  void Start();

  // The Store operations (see storage/store.h). Thread-safe; block until the
  // write is committed and its event published.
  StatusOr<int64_t> Create(std::string_view key, std::string_view value);
  StatusOr<int64_t> Update(std::string_view key, std::string_view value, int64_t expected);
  StatusOr<KeyValue> Delete(std::string_view key, int64_t expected);
  // Compacts to `revision` in chunks between write groups, and returns when
  // done. kBadRequest above the head; OK at or below the compacted revision.
  Status Compact(int64_t revision);

  int64_t head() const { return head_.load(std::memory_order_acquire); }
  int64_t compacted() const { return compacted_.load(std::memory_order_acquire); }

 private:
  enum class Kind { kCreate, kUpdate, kDelete };
  struct Request;
  // A key's newest row, as the writer sees it inside its transaction.
  struct Latest {
    bool live = false;     // exists and is not a tombstone
    int64_t revision = 0;  // the row's id (0 when the key has no row)
    int64_t create_revision = 0;
  };

  StatusOr<int64_t> Submit(Request& request);
  void Run();
  // Moves up to max_batch queued requests into batch_.
  void TakeBatchLocked() EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CommitBatch();
  // Reads the key's newest row; copies its value into `*value` if not null.
  StatusOr<Latest> LookUp(std::string_view key, std::string* value);
  // Applies one request inside the open transaction. A failed precondition
  // goes into the request; the returned Status is a database error.
  Status Apply(Request& request, int64_t* revision);
  Status Insert(const Request& request, int64_t revision, int64_t create_revision,
                int64_t prev_revision, bool deleted);
  Event& NextEvent();
  void FailBatch(const Status& status);
  void CompleteBatch();
  void ResyncHead();
  void Maintain(bool wrote);
  void CompactChunk();
  Status CompactRange(int64_t from, int64_t to);
  void Checkpoint(bool truncate);
  static int OnCheckpointBusy(void* self, int attempts);
  static int OnWalCommit(void* self, struct sqlite3* db, const char* name, int pages);

  const LogWriterOptions options_;
  Clock& clock_;
  WatchHub* const hub_;
  Database db_;  // declared before the statements: destroyed after them

  // Writer thread only.
  Statement begin_, commit_, rollback_, lookup_, insert_;
  Statement compact_superseded_, compact_deleted_, set_compacted_;
  std::vector<Request*> batch_;
  std::vector<Event> events_;  // reused across batches; the first n_events_ are live
  size_t n_events_ = 0;
  HistoryRetention retention_;
  std::chrono::steady_clock::time_point last_write_;
  int64_t wal_pages_ = 0;      // pages in the WAL after the last commit
  bool wal_file_used_ = true;  // written since the last TRUNCATE checkpoint (or open)
  int64_t checkpoint_at_;
  int checkpoint_busy_limit_ =
      0;  // polls before a checkpoint gives up on readers  // the next checkpoint's threshold

  std::atomic<int64_t> head_;
  std::atomic<int64_t> compacted_;

  std::mutex mu_;
  std::condition_variable work_;          // the writer waits for requests here
  std::condition_variable compacted_cv_;  // Compact() callers wait here
  std::vector<Request*> queue_ GUARDED_BY(mu_);
  bool writer_waiting_ GUARDED_BY(mu_) = false;
  bool stopping_ GUARDED_BY(mu_) = false;
  int64_t compact_target_ GUARDED_BY(mu_) = 0;
  uint64_t compact_failures_ GUARDED_BY(mu_) = 0;
  Status compact_error_ GUARDED_BY(mu_);

  std::thread thread_;
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_LOG_WRITER_H_
