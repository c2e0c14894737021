#include "scheduler/scheduling_queue.h"

#include <algorithm>

namespace ekslite::scheduler {

using namespace std::chrono_literals;

SchedulingQueue::SchedulingQueue(SchedulingQueueOptions options) : options_(options) {}

std::chrono::steady_clock::duration SchedulingQueue::BackoffFor(int attempts) const {
  std::chrono::steady_clock::duration d = options_.initial_backoff;
  for (int i = 1; i < attempts && d < options_.max_backoff; ++i) d *= 2;
  return std::min<std::chrono::steady_clock::duration>(d, options_.max_backoff);
}

void SchedulingQueue::PushActiveLocked(const std::string& key, Entry& e) {
  e.where = Where::kActive;
  e.seq = ++seq_;
  active_.emplace(-e.pod->priority, e.timestamp, e.seq, key);
  cv_.notify_one();
}

void SchedulingQueue::PushBackoffLocked(const std::string& key, Entry& e) {
  e.where = Where::kBackoff;
  backoff_.emplace(e.backoff_expiry, key);
  cv_.notify_one();
}

void SchedulingQueue::RemoveFromQueuesLocked(const std::string& key, Entry& e) {
  switch (e.where) {
    case Where::kActive:
      active_.erase({-e.pod->priority, e.timestamp, e.seq, key});
      break;
    case Where::kBackoff:
      backoff_.erase({e.backoff_expiry, key});
      break;
    case Where::kUnschedulable:
      unschedulable_.erase({e.timestamp, key});
      break;
    case Where::kInFlight:
      break;
  }
}

void SchedulingQueue::MoveBackLocked(const std::string& key, Entry& e) {
  RemoveFromQueuesLocked(key, e);
  if (e.backoff_expiry > options_.clock->Monotonic()) {
    PushBackoffLocked(key, e);
  } else {
    PushActiveLocked(key, e);
  }
}

void SchedulingQueue::AddOrUpdate(PodInfoPtr pod, bool spec_changed) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = pod->key;
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    Entry& e = entries_[key];
    e.pod = std::move(pod);
    e.timestamp = options_.clock->Monotonic();
    PushActiveLocked(key, e);
    return;
  }
  Entry& e = it->second;
  // Re-key activeQ: the priority may have changed with the object.
  const Where where = e.where;
  if (where == Where::kActive) RemoveFromQueuesLocked(key, e);
  e.pod = std::move(pod);
  if (where == Where::kActive) {
    PushActiveLocked(key, e);
  } else if (where == Where::kUnschedulable && spec_changed) {
    MoveBackLocked(key, e);
  }
}

void SchedulingQueue::Delete(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  RemoveFromQueuesLocked(key, it->second);
  entries_.erase(it);
}

void SchedulingQueue::FlushLocked() {
  const steady_time now = options_.clock->Monotonic();
  while (!backoff_.empty() && backoff_.begin()->first <= now) {
    std::string key = backoff_.begin()->second;
    backoff_.erase(backoff_.begin());
    PushActiveLocked(key, entries_.at(key));
  }
  while (!unschedulable_.empty() &&
         now - unschedulable_.begin()->first >= options_.max_in_unschedulable) {
    std::string key = unschedulable_.begin()->second;
    MoveBackLocked(key, entries_.at(key));
  }
}

void SchedulingQueue::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  FlushLocked();
}

std::optional<QueuedPod> SchedulingQueue::Pop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (closed_) return std::nullopt;
    FlushLocked();
    if (!active_.empty()) break;
    // Wake for the next backoff expiry, or at least every second (the
    // clock may be a fake one tests move).
    std::chrono::steady_clock::duration wait = 1s;
    if (!backoff_.empty()) {
      wait = std::clamp<std::chrono::steady_clock::duration>(
          backoff_.begin()->first - options_.clock->Monotonic(), 1ms, 1s);
    }
    cv_.wait_for(lock, wait);
  }
  auto first = active_.begin();
  std::string key = std::get<3>(*first);
  active_.erase(first);
  Entry& e = entries_.at(key);
  e.where = Where::kInFlight;
  ++e.attempts;
  return QueuedPod{e.pod, e.attempts, ++cycle_};
}

void SchedulingQueue::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.where == Where::kInFlight) entries_.erase(it);
}

void SchedulingQueue::AddUnschedulable(const QueuedPod& queued, bool backoff_only) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(queued.pod->key);
  // Deleted meanwhile, or already back in a queue (updated while in flight).
  if (it == entries_.end() || it->second.where != Where::kInFlight) return;
  Entry& e = it->second;
  const steady_time now = options_.clock->Monotonic();
  e.timestamp = now;
  e.backoff_expiry = now + BackoffFor(e.attempts);
  if (backoff_only || move_request_cycle_ >= queued.cycle) {
    PushBackoffLocked(queued.pod->key, e);
  } else {
    e.where = Where::kUnschedulable;
    unschedulable_.emplace(e.timestamp, queued.pod->key);
  }
}

void SchedulingQueue::MoveAllToActiveOrBackoff() {
  std::lock_guard<std::mutex> lock(mu_);
  while (!unschedulable_.empty()) {
    std::string key = unschedulable_.begin()->second;
    MoveBackLocked(key, entries_.at(key));
  }
  move_request_cycle_ = cycle_;
}

void SchedulingQueue::MovePodsWithAffinity() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> keys;
  for (const auto& [time, key] : unschedulable_) {
    const PodInfo& p = *entries_.at(key).pod;
    if (!p.required_affinity.empty() || !p.preferred_affinity.empty()) keys.push_back(key);
  }
  for (const std::string& key : keys) MoveBackLocked(key, entries_.at(key));
  if (!keys.empty()) move_request_cycle_ = cycle_;
}

void SchedulingQueue::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

size_t SchedulingQueue::ActiveCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return active_.size();
}

size_t SchedulingQueue::BackoffCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return backoff_.size();
}

size_t SchedulingQueue::UnschedulableCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return unschedulable_.size();
}

std::optional<SchedulingQueue::steady_time> SchedulingQueue::BackoffExpiry(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.where != Where::kBackoff) return std::nullopt;
  return it->second.backoff_expiry;
}

}  // namespace ekslite::scheduler
