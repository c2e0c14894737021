// WorkQueue: the queue between a controller's event handlers and its workers,
// with client-go's workqueue semantics:
//   - a key queued twice is queued once;
//   - a key handed out by Get is not handed out again until Done, and a key
//     added while it is being processed is queued again at Done;
//   - AddAfter delays a key; AddRateLimited delays it by the rate limiter
//     (per-key exponential backoff and an overall token bucket by default),
//     Forget resets the key's backoff;
//   - ShutDown makes Get return false once the queue is empty.
//
//   std::string key;
//   while (queue.Get(&key)) {
//     Status s = Sync(key);
//     if (s.ok()) queue.Forget(key); else queue.AddRateLimited(key);
//     queue.Done(key);
//   }
#ifndef EKSLITE_CORE_CLIENT_WORK_QUEUE_H_
#define EKSLITE_CORE_CLIENT_WORK_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/client/rate_limiter.h"
#include "core/clock.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

struct WorkQueueOptions {
  std::string name;  // for logs
  Clock* clock = &RealClock();
  // nullptr: NewDefaultControllerRateLimiter(*clock).
  std::shared_ptr<RateLimiter> rate_limiter;
};

class WorkQueue {
 public:
  explicit WorkQueue(WorkQueueOptions options = {});
  // Shuts the queue down; no thread may be inside Get by then.
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `key` unless it is queued already (or shutting down). Thread-safe.
  void Add(const std::string& key);
  // Adds `key` once `delay` has passed on the clock; a key already waiting
  // keeps the earlier of its two times. Thread-safe.
  void AddAfter(const std::string& key, Clock::duration delay);
  // AddAfter by the rate limiter's delay for `key`. Thread-safe.
  void AddRateLimited(const std::string& key);
  // Ends the rate limiter's count of retries for `key`. Thread-safe.
  void Forget(const std::string& key);
  int NumRequeues(const std::string& key);

  // Waits for a key and hands it out: true with `*key` set, or false once
  // the queue is shut down and empty. Call Done(key) when finished with it.
  // Thread-safe.
  bool Get(std::string* key);
  // Marks `key` processed; if it was added meanwhile, it is queued again.
  void Done(const std::string& key);

  // Keys queued and ready (not those waiting for a delay, not those being
  // processed).
  size_t Len();

  // Stops accepting keys and wakes every Get; keys already queued are still
  // handed out, delayed ones are dropped. Idempotent.
  void ShutDown();
  // ShutDown, then waits until every key handed out is Done.
  void ShutDownWithDrain();
  bool ShuttingDown() const;

 private:
  void AddLocked(const std::string& key) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Moves keys whose delay is over into the queue.
  void PromoteDueLocked() EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string name_;
  const Clock& clock_;
  const std::shared_ptr<RateLimiter> limiter_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_ GUARDED_BY(mu_);
  std::unordered_set<std::string> dirty_ GUARDED_BY(mu_);       // queued or re-added
  std::unordered_set<std::string> processing_ GUARDED_BY(mu_);  // handed out
  // Delayed keys: when each becomes ready, and the same ordered by time.
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> ready_at_ GUARDED_BY(mu_);
  std::set<std::pair<std::chrono::steady_clock::time_point, std::string>> by_time_ GUARDED_BY(mu_);
  bool shutting_down_ GUARDED_BY(mu_) = false;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_WORK_QUEUE_H_
