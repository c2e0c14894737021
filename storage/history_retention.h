// HistoryRetention: how much history (superseded values and deletions) a
// store keeps, and so when it compacts on its own. Shared by the backends.
//
// History is bounded by revision count AND by age. A revision r becomes
// eligible for compaction as soon as either bound drops it:
//   - count: r <= head - retain_revisions (the newest `retain_revisions`
//     revisions of history are kept), or
//   - age: r was committed more than `retain_age` ago, by the injected clock.
// So the history a watcher can resume from is at most `retain_revisions`
// revisions and at most `retain_age` old. A bound set to 0 is off; with both
// off the store never compacts on its own (Store::Compact still works).
//
// Ages are tracked with samples "by time t the head was r" about retain_age/64
// apart, so a revision may be kept up to ~2% longer than retain_age, never
// shorter. Revisions written before the store was opened count as
// committed at open. Live keys are never compacted, whatever their age.
//
// Not thread-safe: each store calls it from its one writing thread (or under
// its lock).
#ifndef EKSLITE_STORAGE_HISTORY_RETENTION_H_
#define EKSLITE_STORAGE_HISTORY_RETENTION_H_

#include <chrono>
#include <cstdint>
#include <deque>

namespace ekslite::storage {

struct RetentionOptions {
  // How often the store recomputes its compaction target (injected clock).
  // 0 disables automatic compaction.
  std::chrono::milliseconds compact_interval = std::chrono::seconds(30);
  // Keep at most this many of the newest revisions of history; 0 = no bound.
  int64_t retain_revisions = 100000;
  // Keep history younger than this at most; 0 = no bound.
  std::chrono::milliseconds retain_age = std::chrono::minutes(5);
};

class HistoryRetention {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `now` is the time the store was opened with `head` as its head revision.
  HistoryRetention(const RetentionOptions& options, TimePoint now, int64_t head);

  // Records that every revision up to `head` was committed by `now`. Call
  // after each commit (cheap: mostly a comparison).
  void Observe(TimePoint now, int64_t head);

  // True when automatic compaction is due at `now`; then schedules the next.
  bool Due(TimePoint now);

  // The revision the store may compact to at `now` (0 when nothing may go),
  // never above `head`.
  int64_t Target(TimePoint now, int64_t head);

 private:
  struct Sample {
    TimePoint time;
    int64_t head;
  };

  // Drops samples superseded by a newer one at or before `cutoff`.
  void Prune(TimePoint cutoff);

  RetentionOptions options_;
  std::chrono::steady_clock::duration granularity_;
  TimePoint next_due_;
  std::deque<Sample> samples_;  // ascending time and head
};

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_HISTORY_RETENTION_H_
