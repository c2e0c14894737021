#include "storage/memory_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/log.h"
#include "storage/key_range.h"
#include "core/thread_annotations.h"
#include "storage/watch_hub.h"

namespace ekslite::storage {
namespace {

// The memory store keeps the same log as the sqlite table: one row per
// revision, plus an index from key to the revisions of its rows.
struct Row {
  std::string key;
  std::string value;  // empty for a deletion
  int64_t create_revision = 0;
  int64_t prev_revision = 0;  // the key's previous row (a tombstone for a re-create), or 0
  bool deleted = false;
};

class MemoryStore final : public Store {
 public:
  explicit MemoryStore(const MemoryStoreOptions& options)
      : clock_(options.clock ? *options.clock : RealClock()),
        retention_(options.retention, clock_.Monotonic(), 0) {}

  StatusOr<int64_t> Create(std::string_view key, std::string_view value) override;
  StatusOr<int64_t> Update(std::string_view key, std::string_view value,
                           int64_t expected_revision) override;
  StatusOr<KeyValue> Delete(std::string_view key, int64_t expected_revision) override;
  StatusOr<KeyValue> Get(std::string_view key) override;
  StatusOr<ListResult> List(std::string_view prefix, const ListOptions& options) override;
  StatusOr<std::unique_ptr<Watch>> WatchFrom(std::string_view prefix, int64_t after_revision,
                                             EventSink sink) override;
  int64_t CurrentRevision() override;
  int64_t CompactedRevision() override;
  Status Compact(int64_t revision) override;

 private:
  using Index = std::map<std::string, std::vector<int64_t>, std::less<>>;

  // The key's newest row (possibly a tombstone), or nullptr.
  const Row* LatestLocked(std::string_view key, int64_t* revision) const
      EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends `row` as the next revision, publishes its event, and runs
  // automatic compaction when due. Returns the new revision.
  int64_t AppendLocked(Row row) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Event EventForLocked(int64_t revision, const Row& row) const EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EraseLocked(int64_t revision) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CompactLocked(int64_t revision) EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  WatchHub hub_;
  std::mutex mu_;
  std::map<int64_t, Row> log_ GUARDED_BY(mu_);
  Index index_ GUARDED_BY(mu_);  // key -> ascending revisions of its rows in log_
  int64_t head_ GUARDED_BY(mu_) = 0;
  int64_t compacted_ GUARDED_BY(mu_) = 0;
  HistoryRetention retention_ GUARDED_BY(mu_);
};

const Row* MemoryStore::LatestLocked(std::string_view key, int64_t* revision) const {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  *revision = it->second.back();
  return &log_.at(*revision);
}

int64_t MemoryStore::AppendLocked(Row row) {
  const int64_t revision = ++head_;
  auto it = index_.find(row.key);
  if (it == index_.end()) it = index_.emplace(row.key, std::vector<int64_t>{}).first;
  it->second.push_back(revision);
  const Row& stored = log_.emplace(revision, std::move(row)).first->second;
  if (hub_.HasSubscribers()) {
    const Event event = EventForLocked(revision, stored);
    hub_.Publish({&event, 1});
  }
  const auto now = clock_.Monotonic();
  retention_.Observe(now, head_);
  if (retention_.Due(now)) {
    const int64_t target = retention_.Target(now, head_);
    if (target > compacted_) {
      Logger("storage")->debug("memory store: compacting to revision {}", target);
      CompactLocked(target);
    }
  }
  return revision;
}

Event MemoryStore::EventForLocked(int64_t revision, const Row& row) const {
  Event event;
  event.revision = revision;
  event.key = row.key;
  event.create_revision = row.create_revision;
  if (row.create_revision == revision) {
    event.type = Event::Type::kCreated;
    event.value = row.value;
    return event;
  }
  event.type = row.deleted ? Event::Type::kDeleted : Event::Type::kUpdated;
  if (!row.deleted) event.value = row.value;
  event.prev_revision = row.prev_revision;
  if (auto prev = log_.find(row.prev_revision); prev != log_.end()) {
    event.prev_value = prev->second.value;
  }
  return event;
}

StatusOr<int64_t> MemoryStore::Create(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t latest_revision = 0;
  const Row* latest = LatestLocked(key, &latest_revision);
  if (latest != nullptr && !latest->deleted) {
    return Status::AlreadyExists(std::string(key) + " already exists");
  }
  Row row{std::string(key), std::string(value), head_ + 1, latest_revision, false};
  return AppendLocked(std::move(row));
}

StatusOr<int64_t> MemoryStore::Update(std::string_view key, std::string_view value,
                                      int64_t expected_revision) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t latest_revision = 0;
  const Row* latest = LatestLocked(key, &latest_revision);
  if (latest == nullptr || latest->deleted) {
    return Status::NotFound(std::string(key) + " not found");
  }
  if (latest_revision != expected_revision) {
    return Status::Conflict(std::string(key) + " was modified at revision " +
                            std::to_string(latest_revision));
  }
  Row row{std::string(key), std::string(value), latest->create_revision, latest_revision, false};
  return AppendLocked(std::move(row));
}

StatusOr<KeyValue> MemoryStore::Delete(std::string_view key, int64_t expected_revision) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t latest_revision = 0;
  const Row* latest = LatestLocked(key, &latest_revision);
  if (latest == nullptr || latest->deleted) {
    return Status::NotFound(std::string(key) + " not found");
  }
  if (expected_revision != 0 && latest_revision != expected_revision) {
    return Status::Conflict(std::string(key) + " was modified at revision " +
                            std::to_string(latest_revision));
  }
  KeyValue last{std::string(key), latest->value, latest->create_revision, 0};
  Row row{std::string(key), "", latest->create_revision, latest_revision, true};
  last.mod_revision = AppendLocked(std::move(row));
  return last;
}

StatusOr<KeyValue> MemoryStore::Get(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t revision = 0;
  const Row* latest = LatestLocked(key, &revision);
  if (latest == nullptr || latest->deleted) {
    return Status::NotFound(std::string(key) + " not found");
  }
  return KeyValue{latest->key, latest->value, latest->create_revision, revision};
}

StatusOr<ListResult> MemoryStore::List(std::string_view prefix, const ListOptions& options) {
  if (options.revision < 0) return Status::BadRequest("negative revision");
  std::lock_guard<std::mutex> lock(mu_);
  ListResult result;
  result.revision = options.revision != 0 ? options.revision : head_;
  if (result.revision < compacted_) {
    return Status::Expired("revision " + std::to_string(result.revision) +
                           " has been compacted (compacted revision " + std::to_string(compacted_) +
                           ")");
  }
  if (result.revision > head_) {
    return Status::BadRequest("revision " + std::to_string(result.revision) +
                              " is newer than the current revision " + std::to_string(head_));
  }
  const std::string_view from = std::max(prefix, std::string_view(options.start_key));
  for (auto it = index_.lower_bound(from); it != index_.end() && HasPrefix(it->first, prefix);
       ++it) {
    const std::vector<int64_t>& revisions = it->second;
    auto after = std::upper_bound(revisions.begin(), revisions.end(), result.revision);
    if (after == revisions.begin()) continue;  // created after the revision
    const int64_t revision = *(after - 1);
    const Row& row = log_.at(revision);
    if (row.deleted) continue;
    if (options.limit > 0 && static_cast<int64_t>(result.items.size()) == options.limit) {
      result.more = true;
      break;
    }
    result.items.push_back(KeyValue{row.key, row.value, row.create_revision, revision});
  }
  return result;
}

StatusOr<std::unique_ptr<Watch>> MemoryStore::WatchFrom(std::string_view prefix,
                                                        int64_t after_revision, EventSink sink) {
  if (after_revision < 0) return Status::BadRequest("negative revision");
  std::unique_ptr<HubWatch> watch = hub_.Subscribe(std::string(prefix), std::move(sink));
  std::vector<Event> history;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (after_revision < compacted_) {
      return Status::Expired("revision " + std::to_string(after_revision) +
                             " has been compacted (compacted revision " +
                             std::to_string(compacted_) + ")");
    }
    for (auto it = log_.upper_bound(after_revision); it != log_.end(); ++it) {
      if (HasPrefix(it->second.key, prefix))
        history.push_back(EventForLocked(it->first, it->second));
    }
  }
  // Replayed outside the lock so that writers are not held up.
  for (const Event& event : history) watch->Replay(event);
  watch->GoLive();
  return std::unique_ptr<Watch>(std::move(watch));
}

int64_t MemoryStore::CurrentRevision() {
  std::lock_guard<std::mutex> lock(mu_);
  return head_;
}

int64_t MemoryStore::CompactedRevision() {
  std::lock_guard<std::mutex> lock(mu_);
  return compacted_;
}

Status MemoryStore::Compact(int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  if (revision > head_) {
    return Status::BadRequest("cannot compact to revision " + std::to_string(revision) +
                              ", newer than the current revision " + std::to_string(head_));
  }
  CompactLocked(revision);
  return Status::Ok();
}

void MemoryStore::EraseLocked(int64_t revision) {
  auto row = log_.find(revision);
  if (row == log_.end()) return;
  auto entry = index_.find(row->second.key);
  std::erase(entry->second, revision);
  if (entry->second.empty()) index_.erase(entry);
  log_.erase(row);
}

void MemoryStore::CompactLocked(int64_t revision) {
  if (revision <= compacted_) return;
  // The rows at or below `revision` that a later row at or below it replaces,
  // and the deletions at or below it, are not needed to read any revision
  // from `revision` on.
  std::vector<int64_t> revisions;
  for (auto it = log_.upper_bound(compacted_); it != log_.end() && it->first <= revision; ++it) {
    revisions.push_back(it->first);
  }
  for (int64_t r : revisions) {
    auto it = log_.find(r);
    if (it == log_.end()) continue;
    const bool deleted = it->second.deleted;
    if (it->second.prev_revision > 0) EraseLocked(it->second.prev_revision);
    if (deleted) EraseLocked(r);
  }
  compacted_ = revision;
}

}  // namespace

std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options) {
  return std::make_unique<MemoryStore>(options);
}

}  // namespace ekslite::storage
