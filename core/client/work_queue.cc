#include "core/client/work_queue.h"

#include "core/client/clock_wait.h"

namespace ekslite::client {

WorkQueue::WorkQueue(WorkQueueOptions options)
    : name_(std::move(options.name)),
      clock_(*options.clock),
      limiter_(options.rate_limiter ? std::move(options.rate_limiter)
                                    : std::shared_ptr<RateLimiter>(
                                          NewDefaultControllerRateLimiter(*options.clock))) {}

WorkQueue::~WorkQueue() { ShutDown(); }

void WorkQueue::AddLocked(const std::string& key) {
  if (shutting_down_) return;
  if (!dirty_.insert(key).second) return;  // already queued
  if (processing_.count(key) > 0) return;  // queued again by Done
  queue_.push_back(key);
  cv_.notify_one();
}

void WorkQueue::Add(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  AddLocked(key);
}

void WorkQueue::AddAfter(const std::string& key, Clock::duration delay) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  if (delay <= Clock::duration::zero()) {
    AddLocked(key);
    return;
  }
  auto when = clock_.Monotonic() + delay;
  auto [it, inserted] = ready_at_.try_emplace(key, when);
  if (!inserted) {
    if (when >= it->second) return;
    by_time_.erase({it->second, key});
    it->second = when;
  }
  by_time_.emplace(when, key);
  // A waiting Get may need to wake earlier than it planned.
  cv_.notify_all();
}

void WorkQueue::AddRateLimited(const std::string& key) { AddAfter(key, limiter_->When(key)); }

void WorkQueue::Forget(const std::string& key) { limiter_->Forget(key); }

int WorkQueue::NumRequeues(const std::string& key) { return limiter_->NumRequeues(key); }

void WorkQueue::PromoteDueLocked() {
  if (by_time_.empty()) return;
  auto now = clock_.Monotonic();
  while (!by_time_.empty() && by_time_.begin()->first <= now) {
    std::string key = by_time_.begin()->second;
    by_time_.erase(by_time_.begin());
    ready_at_.erase(key);
    AddLocked(key);
  }
}

bool WorkQueue::Get(std::string* key) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (!shutting_down_) PromoteDueLocked();
    if (!queue_.empty()) break;
    if (shutting_down_) return false;
    auto deadline = by_time_.empty() ? kNoDeadline : by_time_.begin()->first;
    WaitUntil(cv_, lock, clock_, deadline);
  }
  *key = std::move(queue_.front());
  queue_.pop_front();
  processing_.insert(*key);
  dirty_.erase(*key);
  return true;
}

void WorkQueue::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  processing_.erase(key);
  if (dirty_.count(key) > 0) queue_.push_back(key);
  // Wakes a Get for the key re-queued, and ShutDownWithDrain.
  cv_.notify_all();
}

size_t WorkQueue::Len() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!shutting_down_) PromoteDueLocked();
  return queue_.size();
}

void WorkQueue::ShutDown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  ready_at_.clear();
  by_time_.clear();
  cv_.notify_all();
}

void WorkQueue::ShutDownWithDrain() {
  std::unique_lock<std::mutex> lock(mu_);
  shutting_down_ = true;
  ready_at_.clear();
  by_time_.clear();
  cv_.notify_all();
  cv_.wait(lock, [this] { return processing_.empty(); });
}

bool WorkQueue::ShuttingDown() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shutting_down_;
}

}  // namespace ekslite::client
