// CancelToken: a one-way signal from one thread to work running on another
// (a watch stream being read, a reflector's loop, a leader elector's wait).
#ifndef EKSLITE_CORE_CLIENT_CANCEL_TOKEN_H_
#define EKSLITE_CORE_CLIENT_CANCEL_TOKEN_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "core/clock.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

class CancelToken {
 public:
  using CallbackId = uint64_t;

  CancelToken() = default;
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  // Sets the token and runs every registered callback once, on this thread.
  // Idempotent. Thread-safe.
  void Cancel();
  bool cancelled() const;

  // Registers `fn` to run on Cancel; runs it at once (on this thread) when
  // the token is already cancelled. Callbacks run under the token's lock: they
  // must be short (wake a thread, cancel a socket) and must not use the token.
  CallbackId OnCancel(std::function<void()> fn);
  // Removes a callback. Once this returns, the callback is not running and
  // never will. Thread-safe; unknown ids are ignored.
  void Unregister(CallbackId id);

  // Waits until `clock` has moved `d` forward or the token is cancelled.
  // Returns true when the whole time passed, false when cancelled (at once if
  // the token already was).
  bool SleepFor(const Clock& clock, Clock::duration d);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool cancelled_ GUARDED_BY(mu_) = false;
  CallbackId next_id_ GUARDED_BY(mu_) = 1;
  std::map<CallbackId, std::function<void()>> callbacks_ GUARDED_BY(mu_);
};

// Registers a callback for the lifetime of a scope; `token` may be null.
class CancelRegistration {
 public:
  CancelRegistration(CancelToken* token, std::function<void()> fn)
      : token_(token), id_(token ? token->OnCancel(std::move(fn)) : 0) {}
  ~CancelRegistration() {
    if (token_) token_->Unregister(id_);
  }
  CancelRegistration(const CancelRegistration&) = delete;
  CancelRegistration& operator=(const CancelRegistration&) = delete;

 private:
  CancelToken* token_;
  CancelToken::CallbackId id_;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_CANCEL_TOKEN_H_
