// WorkerPool: the threads on which the server runs Handler::Serve. Internal to
// apiserver/server*.
#ifndef EKSLITE_APISERVER_SERVER_WORKER_POOL_H_
#define EKSLITE_APISERVER_SERVER_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ekslite::apiserver {

class WorkerPool {
 public:
  // At most `max_threads` threads, started on demand: a task that finds no
  // idle thread starts one while fewer than `max_threads` exist, and waits in
  // a FIFO queue otherwise.
  explicit WorkerPool(int max_threads);
  // Stop()s.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. Returns false (and drops it) after Stop. A task that
  // throws is logged and the thread carries on. Thread-safe.
  bool Submit(std::function<void()> task);

  // Drops queued tasks, waits for running ones and joins the threads.
  // Idempotent. Must not be called from a task.
  void Stop();

  // Threads started so far (for tests and memory accounting).
  size_t thread_count();

 private:
  void Loop();

  const size_t max_threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  std::vector<std::thread> threads_;         // guarded by mu_
  size_t idle_ = 0;                          // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_SERVER_WORKER_POOL_H_
