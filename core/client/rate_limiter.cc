#include "core/client/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "core/thread_annotations.h"

namespace ekslite::client {
namespace {

class ItemExponential final : public RateLimiter {
 public:
  ItemExponential(Clock::duration base, Clock::duration max) : base_(base), max_(max) {}

  Clock::duration When(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    int exp = failures_[item]++;
    // base * 2^exp, computed in floating point so a long run cannot overflow.
    double delay = static_cast<double>(base_.count()) * std::pow(2.0, exp);
    if (delay >= static_cast<double>(max_.count())) return max_;
    return Clock::duration(static_cast<Clock::duration::rep>(delay));
  }

  void Forget(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.erase(item);
  }

  int NumRequeues(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  const Clock::duration base_;
  const Clock::duration max_;
  std::mutex mu_;
  std::unordered_map<std::string, int> failures_ GUARDED_BY(mu_);
};

class TokenBucket final : public RateLimiter {
 public:
  TokenBucket(double qps, int burst, const Clock& clock)
      : qps_(qps), burst_(burst), clock_(clock), tokens_(burst), last_(clock.Monotonic()) {}

  Clock::duration When(const std::string&) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = clock_.Monotonic();
    if (now > last_) {
      double elapsed = std::chrono::duration<double>(now - last_).count();
      tokens_ = std::min(static_cast<double>(burst_), tokens_ + elapsed * qps_);
      last_ = now;
    }
    tokens_ -= 1;
    if (tokens_ >= 0 || qps_ <= 0) return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(-tokens_ / qps_));
  }
  void Forget(const std::string&) override {}
  int NumRequeues(const std::string&) override { return 0; }

 private:
  const double qps_;
  const int burst_;
  const Clock& clock_;
  std::mutex mu_;
  double tokens_ GUARDED_BY(mu_);  // negative: reserved ahead
  std::chrono::steady_clock::time_point last_ GUARDED_BY(mu_);
};

class MaxOf final : public RateLimiter {
 public:
  explicit MaxOf(std::vector<std::unique_ptr<RateLimiter>> limiters)
      : limiters_(std::move(limiters)) {}

  Clock::duration When(const std::string& item) override {
    Clock::duration longest = Clock::duration::zero();
    for (auto& l : limiters_) longest = std::max(longest, l->When(item));
    return longest;
  }
  void Forget(const std::string& item) override {
    for (auto& l : limiters_) l->Forget(item);
  }
  int NumRequeues(const std::string& item) override {
    int most = 0;
    for (auto& l : limiters_) most = std::max(most, l->NumRequeues(item));
    return most;
  }

 private:
  const std::vector<std::unique_ptr<RateLimiter>> limiters_;
};

}  // namespace

std::unique_ptr<RateLimiter> NewItemExponentialRateLimiter(Clock::duration base,
                                                           Clock::duration max) {
  return std::make_unique<ItemExponential>(base, max);
}

std::unique_ptr<RateLimiter> NewTokenBucketRateLimiter(double qps, int burst, const Clock& clock) {
  return std::make_unique<TokenBucket>(qps, burst, clock);
}

std::unique_ptr<RateLimiter> NewMaxOfRateLimiter(
    std::vector<std::unique_ptr<RateLimiter>> limiters) {
  return std::make_unique<MaxOf>(std::move(limiters));
}

std::unique_ptr<RateLimiter> NewDefaultControllerRateLimiter(const Clock& clock) {
  std::vector<std::unique_ptr<RateLimiter>> limiters;
  limiters.push_back(
      NewItemExponentialRateLimiter(std::chrono::milliseconds(5), std::chrono::seconds(1000)));
  limiters.push_back(NewTokenBucketRateLimiter(10, 100, clock));
  return NewMaxOfRateLimiter(std::move(limiters));
}

}  // namespace ekslite::client
