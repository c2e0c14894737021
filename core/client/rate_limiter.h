// RateLimiter: how long a work item waits before it is retried, as
// client-go's workqueue rate limiters decide it.
#ifndef EKSLITE_CORE_CLIENT_RATE_LIMITER_H_
#define EKSLITE_CORE_CLIENT_RATE_LIMITER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"

namespace ekslite::client {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // How long `item` should wait before its next try; each call counts one
  // more retry. Thread-safe.
  virtual Clock::duration When(const std::string& item) = 0;
  // Forgets `item`'s retries: its next When starts over. Thread-safe.
  virtual void Forget(const std::string& item) = 0;
  // Retries counted for `item` since it was last forgotten. Thread-safe.
  virtual int NumRequeues(const std::string& item) = 0;
};

// Per item: `base` * 2^(retries so far), at most `max`.
std::unique_ptr<RateLimiter> NewItemExponentialRateLimiter(Clock::duration base,
                                                           Clock::duration max);

// Overall: a token bucket refilled at `qps` holding at most `burst` tokens.
// Each When takes a token, reserving a future one (and waiting for it) when
// none is left, so delays grow with the rate of calls. Items are not tracked.
std::unique_ptr<RateLimiter> NewTokenBucketRateLimiter(double qps, int burst, const Clock& clock);

// The longest delay any of `limiters` asks for.
std::unique_ptr<RateLimiter> NewMaxOfRateLimiter(
    std::vector<std::unique_ptr<RateLimiter>> limiters);

// Controllers' default, as upstream's: per item 5 ms doubling to 1000 s, and
// 10 qps overall with bursts of 100.
std::unique_ptr<RateLimiter> NewDefaultControllerRateLimiter(const Clock& clock);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_RATE_LIMITER_H_
