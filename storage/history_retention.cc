#include "storage/history_retention.h"

#include <algorithm>

namespace ekslite::storage {

HistoryRetention::HistoryRetention(const RetentionOptions& options, TimePoint now, int64_t head)
    : options_(options),
      granularity_(options.retain_age / 64),
      next_due_(now + options.compact_interval) {
  samples_.push_back({now, head});
}

void HistoryRetention::Observe(TimePoint now, int64_t head) {
  if (options_.retain_age.count() <= 0) return;
  if (head <= samples_.back().head) return;
  // The newest sample moves forward with every observation until it is a
  // granule past the one before it; then it stays and a new one starts. So
  // samples are about a granule apart, and a revision is attributed to a time
  // at most a granule after its commit.
  if (samples_.size() >= 2 && now - samples_[samples_.size() - 2].time < granularity_) {
    samples_.back() = {now, head};
  } else {
    samples_.push_back({now, head});
  }
  Prune(now - options_.retain_age);
}

void HistoryRetention::Prune(TimePoint cutoff) {
  // Only the newest sample at or before the cutoff matters.
  while (samples_.size() > 1 && samples_[1].time <= cutoff) samples_.pop_front();
}

bool HistoryRetention::Due(TimePoint now) {
  if (options_.compact_interval.count() <= 0) return false;
  if (now < next_due_) return false;
  next_due_ = now + options_.compact_interval;
  return true;
}

int64_t HistoryRetention::Target(TimePoint now, int64_t head) {
  int64_t target = 0;
  if (options_.retain_revisions > 0) target = head - options_.retain_revisions;
  if (options_.retain_age.count() > 0) {
    // The newest sample at or before the cutoff: everything up to its head
    // was committed at least retain_age ago.
    const TimePoint cutoff = now - options_.retain_age;
    Prune(cutoff);
    if (samples_.front().time <= cutoff) target = std::max(target, samples_.front().head);
  }
  return std::clamp<int64_t>(target, 0, head);
}

}  // namespace ekslite::storage
