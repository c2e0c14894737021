// WorkerPool: a fixed number of threads running tasks in submission order —
// the scheduler's binders (upstream binds in a goroutine per pod; a small
// pool keeps many bindings in flight without a thread each).
#ifndef EKSLITE_SCHEDULER_WORKER_POOL_H_
#define EKSLITE_SCHEDULER_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/thread_annotations.h"

namespace ekslite::scheduler {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Stop()s.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; dropped once stopping. Thread-safe.
  void Submit(std::function<void()> task);
  // Runs the tasks already queued, then joins the threads. Idempotent.
  void Stop();
  // Waits until no task is queued or running.
  void Drain();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> tasks_ GUARDED_BY(mu_);
  int running_ GUARDED_BY(mu_) = 0;
  bool stopping_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_WORKER_POOL_H_
