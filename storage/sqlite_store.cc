#include "storage/sqlite_store.h"

#include <utility>

#include "core/log.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/file_lock.h"
#include "storage/sqlite/log_writer.h"
#include "storage/sqlite/reader_pool.h"
#include "storage/sqlite/schema.h"
#include "storage/watch_hub.h"

namespace ekslite::storage {
namespace {

using sqlite::ConnectionSettings;
using sqlite::Database;
using sqlite::FileLock;
using sqlite::LogState;
using sqlite::LogWriter;
using sqlite::LogWriterOptions;
using sqlite::ReaderPool;

class SqliteStore final : public Store {
 public:
  SqliteStore(FileLock lock, std::unique_ptr<LogWriter> writer, std::unique_ptr<ReaderPool> pool,
              std::unique_ptr<WatchHub> hub)
      : lock_(std::move(lock)),
        hub_(std::move(hub)),
        readers_(std::move(pool)),
        writer_(std::move(writer)) {}

  StatusOr<int64_t> Create(std::string_view key, std::string_view value) override {
    return writer_->Create(key, value);
  }
  StatusOr<int64_t> Update(std::string_view key, std::string_view value,
                           int64_t expected_revision) override {
    return writer_->Update(key, value, expected_revision);
  }
  StatusOr<KeyValue> Delete(std::string_view key, int64_t expected_revision) override {
    return writer_->Delete(key, expected_revision);
  }

  StatusOr<KeyValue> Get(std::string_view key) override {
    EKS_ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_->Acquire());
    return reader->Get(key);
  }

  StatusOr<ListResult> List(std::string_view prefix, const ListOptions& options) override {
    if (options.revision < 0) return Status::BadRequest("negative revision");
    EKS_ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_->Acquire());
    return reader->List(prefix, options);
  }

  StatusOr<std::unique_ptr<Watch>> WatchFrom(std::string_view prefix, int64_t after_revision,
                                             EventSink sink) override {
    if (after_revision < 0) return Status::BadRequest("negative revision");
    // Subscribe before reading the snapshot: see storage/watch_hub.h.
    std::unique_ptr<HubWatch> watch = hub_->Subscribe(std::string(prefix), std::move(sink));
    {
      EKS_ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_->Acquire());
      EKS_RETURN_IF_ERROR(reader->ReadHistory(prefix, after_revision,
                                              [&](const Event& event) { watch->Replay(event); }));
    }
    watch->GoLive();
    return std::unique_ptr<Watch>(std::move(watch));
  }

  int64_t CurrentRevision() override { return writer_->head(); }
  int64_t CompactedRevision() override { return writer_->compacted(); }
  Status Compact(int64_t revision) override { return writer_->Compact(revision); }

 private:
  // Destroyed in reverse: the writer stops (and checkpoints) first, the lock
  // is released last.
  FileLock lock_;
  std::unique_ptr<WatchHub> hub_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<LogWriter> writer_;
};

Status Validate(const SqliteStoreOptions& options) {
  if (options.path.empty() || options.path == ":memory:" || options.path.starts_with("file:")) {
    return Status::Invalid("sqlite store: path must name a file, got \"" + options.path + "\"");
  }
  if (options.max_batch < 1 || options.read_connections < 1 || options.compact_chunk < 1 ||
      options.checkpoint_pages < 1 || options.cache_kib < 0 || options.tick.count() < 1) {
    return Status::Invalid(
        "sqlite store: batch, connection, chunk, page and tick limits must be >= 1");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options) {
  EKS_RETURN_IF_ERROR(Validate(options));
  EKS_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(options.path + "-lock"));
  const ConnectionSettings settings{options.fsync, options.cache_kib};
  EKS_ASSIGN_OR_RETURN(Database db, Database::Open(options.path, Database::Mode::kReadWriteCreate));
  EKS_ASSIGN_OR_RETURN(LogState state, sqlite::SetUpWriter(db, settings));

  LogWriterOptions writer_options;
  writer_options.max_batch = options.max_batch;
  writer_options.compact_chunk = options.compact_chunk;
  writer_options.checkpoint_pages = options.checkpoint_pages;
  writer_options.checkpoint_wait = options.checkpoint_wait;
  writer_options.idle_checkpoint_after = options.idle_checkpoint_after;
  writer_options.tick = options.tick;
  writer_options.retention = options.retention;
  writer_options.clock = options.clock;
  auto hub = std::make_unique<WatchHub>();
  auto writer = std::make_unique<LogWriter>(std::move(db), state, hub.get(), writer_options);
  EKS_RETURN_IF_ERROR(writer->Prepare());
  auto readers = std::make_unique<ReaderPool>(options.path, settings, options.read_connections);
  {
    // Fail now, not on the first read, if readers cannot open the file.
    EKS_ASSIGN_OR_RETURN(ReaderPool::Lease probe, readers->Acquire());
  }
  writer->Start();
  Logger("storage")->info("sqlite store: opened {} at revision {} (compacted {})", options.path,
                          state.head, state.compacted);
  return std::unique_ptr<Store>(
      new SqliteStore(std::move(lock), std::move(writer), std::move(readers), std::move(hub)));
}

}  // namespace ekslite::storage
