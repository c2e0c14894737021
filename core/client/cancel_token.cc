#include "core/client/cancel_token.h"

#include "core/client/clock_wait.h"

namespace ekslite::client {

void CancelToken::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  if (cancelled_) return;
  cancelled_ = true;
  // Under the lock, so that Unregister can promise the callback is not running.
  for (auto& [id, fn] : callbacks_) fn();
  callbacks_.clear();
  cv_.notify_all();
}

bool CancelToken::cancelled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_;
}

CancelToken::CallbackId CancelToken::OnCancel(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  CallbackId id = next_id_++;
  if (cancelled_) {
    fn();
  } else {
    callbacks_.emplace(id, std::move(fn));
  }
  return id;
}

void CancelToken::Unregister(CallbackId id) {
  std::lock_guard<std::mutex> lock(mu_);
  callbacks_.erase(id);
}

bool CancelToken::SleepFor(const Clock& clock, Clock::duration d) {
  auto deadline = clock.Monotonic() + d;
  std::unique_lock<std::mutex> lock(mu_);
  while (!cancelled_ && clock.Monotonic() < deadline) WaitUntil(cv_, lock, clock, deadline);
  return !cancelled_;
}

}  // namespace ekslite::client
