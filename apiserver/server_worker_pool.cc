#include "apiserver/server_worker_pool.h"

#include <exception>
#include <system_error>
#include <utility>

#include "core/log.h"

namespace ekslite::apiserver {

WorkerPool::WorkerPool(int max_threads)
    : max_threads_(max_threads > 0 ? static_cast<size_t>(max_threads) : 1) {}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Submit(std::function<void()> task) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return false;
  queue_.push_back(std::move(task));
  if (idle_ < queue_.size() && threads_.size() < max_threads_) {
    try {
      threads_.emplace_back([this] { Loop(); });
    } catch (const std::system_error& e) {
      // The queued task runs when a running thread frees up.
      Logger("apiserver")
          ->error("cannot start a worker thread ({} running): {}", threads_.size(), e.what());
    }
  }
  lock.unlock();
  cv_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  std::deque<std::function<void()>> dropped;
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    dropped.swap(queue_);
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (std::thread& t : threads) t.join();
}

size_t WorkerPool::thread_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return threads_.size();
}

void WorkerPool::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    ++idle_;
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      Logger("apiserver")->error("worker task threw: {}", e.what());
    } catch (...) {
      Logger("apiserver")->error("worker task threw a non-exception");
    }
    task = nullptr;  // release captures outside the lock
    lock.lock();
  }
}

}  // namespace ekslite::apiserver
