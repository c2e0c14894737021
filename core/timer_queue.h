// TimerQueue: runs callbacks at given times on one background thread. Used for
// watch timeouts and bookmarks; callbacks must be short and must not block.
#ifndef EKSLITE_CORE_TIMER_QUEUE_H_
#define EKSLITE_CORE_TIMER_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace ekslite {

class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = uint64_t;

  TimerQueue();
  // Stops the thread; pending callbacks are dropped.
  ~TimerQueue();

  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs `fn` at (or soon after) `when`. Thread-safe.
  Id Schedule(Clock::time_point when, std::function<void()> fn);
  // Drops a pending callback; a no-op once it ran. It may be running while
  // Cancel returns. Thread-safe.
  void Cancel(Id id);

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  // Keyed by (time, id) so equal times keep their order.
  std::map<std::pair<Clock::time_point, Id>, std::function<void()>> timers_;  // GUARDED_BY(mu_)
  std::map<Id, Clock::time_point> when_;                                      // GUARDED_BY(mu_)
  Id next_id_ = 1;                                                            // GUARDED_BY(mu_)
  bool stop_ = false;                                                         // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace ekslite

#endif  // EKSLITE_CORE_TIMER_QUEUE_H_
