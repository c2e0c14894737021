// SchedulingQueue: upstream's PriorityQueue. Pods waiting for a node sit in
// one of three places:
//   activeQ        ready to be scheduled, highest priority first, then
//                  oldest;
//   backoffQ       failed recently; each attempt doubles the wait (1 s up
//                  to 10 s by default) before returning to activeQ;
//   unschedulable  failed for want of a fitting node; moved back (to
//                  backoffQ while backing off, else activeQ) when the
//                  cluster changes in a way that may help (MoveAll...), or
//                  after 5 minutes in any case.
// A pod handed out by Pop is "in flight" until Done or AddUnschedulable.
// If the cluster changed while it was in flight, a failure sends it to
// backoffQ rather than unschedulable, so the change is not missed.
// Thread-safe.
#ifndef EKSLITE_SCHEDULER_SCHEDULING_QUEUE_H_
#define EKSLITE_SCHEDULER_SCHEDULING_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "core/clock.h"
#include "core/thread_annotations.h"
#include "scheduler/pod_info.h"

namespace ekslite::scheduler {

struct SchedulingQueueOptions {
  Clock* clock = &RealClock();
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{10000};
  // upstream's podMaxInUnschedulablePodsDuration.
  std::chrono::milliseconds max_in_unschedulable{5 * 60 * 1000};
};

// A pod handed out by Pop.
struct QueuedPod {
  PodInfoPtr pod;
  int attempts = 0;   // including this one
  int64_t cycle = 0;  // the scheduling cycle it was popped in
};

class SchedulingQueue {
 public:
  using steady_time = std::chrono::steady_clock::time_point;

  explicit SchedulingQueue(SchedulingQueueOptions options = {});
  SchedulingQueue(const SchedulingQueue&) = delete;
  SchedulingQueue& operator=(const SchedulingQueue&) = delete;

  // A new or changed pending pod. A new pod goes to activeQ. For one known,
  // the newer object replaces the old; if it waits as unschedulable and
  // `spec_changed`, it is moved back as MoveAll would.
  void AddOrUpdate(PodInfoPtr pod, bool spec_changed = true);
  // Forgets the pod wherever it is (deleted, or bound).
  void Delete(const std::string& key);

  // Waits for a pod in activeQ (moving pods whose backoff ended first);
  // nullopt once Close() was called.
  std::optional<QueuedPod> Pop();
  // The in-flight pod is scheduled (or gone): forget it.
  void Done(const std::string& key);
  // The in-flight pod failed in cycle `queued.cycle`: to backoffQ when
  // `backoff_only` (errors) or the cluster changed since, else to
  // unschedulable.
  void AddUnschedulable(const QueuedPod& queued, bool backoff_only = false);

  // The cluster changed so that unschedulable pods may fit now.
  void MoveAllToActiveOrBackoff();
  // Moves unschedulable pods with pod affinity terms (an assigned pod
  // appeared that they may want to be near).
  void MovePodsWithAffinity();

  // Moves pods whose backoff ended and pods unschedulable for too long.
  // Pop does this itself; tests call it with a fake clock.
  void Flush();

  void Close();

  // Sizes, for tests and metrics.
  size_t ActiveCount();
  size_t BackoffCount();
  size_t UnschedulableCount();
  // The end of a pod's backoff, if it is in backoffQ.
  std::optional<steady_time> BackoffExpiry(const std::string& key);

 private:
  enum class Where { kActive, kBackoff, kUnschedulable, kInFlight };
  struct Entry {
    PodInfoPtr pod;
    Where where = Where::kActive;
    int attempts = 0;
    steady_time timestamp;  // when it last entered a queue
    steady_time backoff_expiry;
    uint64_t seq = 0;  // tie-breaker for equal timestamps
  };
  // activeQ order: higher priority, then earlier timestamp.
  using ActiveKey = std::tuple<int64_t, steady_time, uint64_t, std::string>;

  void PushActiveLocked(const std::string& key, Entry& e) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PushBackoffLocked(const std::string& key, Entry& e) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemoveFromQueuesLocked(const std::string& key, Entry& e) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // To backoffQ while still backing off, else activeQ.
  void MoveBackLocked(const std::string& key, Entry& e) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FlushLocked() EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::chrono::steady_clock::duration BackoffFor(int attempts) const;

  const SchedulingQueueOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Entry> entries_ GUARDED_BY(mu_);
  std::set<ActiveKey> active_ GUARDED_BY(mu_);
  std::set<std::pair<steady_time, std::string>> backoff_ GUARDED_BY(mu_);
  std::set<std::pair<steady_time, std::string>> unschedulable_ GUARDED_BY(mu_);
  int64_t cycle_ GUARDED_BY(mu_) = 0;
  int64_t move_request_cycle_ GUARDED_BY(mu_) = -1;
  uint64_t seq_ GUARDED_BY(mu_) = 0;
  bool closed_ GUARDED_BY(mu_) = false;
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_SCHEDULING_QUEUE_H_
