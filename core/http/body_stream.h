// BodyStream: a response body produced over time, such as a watch.
#ifndef EKSLITE_CORE_HTTP_BODY_STREAM_H_
#define EKSLITE_CORE_HTTP_BODY_STREAM_H_

#include <functional>
#include <string>

namespace ekslite::http {

// The producer side decides what the bytes are (one JSON watch event per line,
// log text); the consumer (the TLS session writing chunks, or the loopback
// client reading events) pulls them without blocking and asks to be woken when
// more is ready. Implementations are thread-safe: Read, OnReadable and Close may
// be called from any thread, but the consumer never calls Read concurrently
// with itself.
class BodyStream {
 public:
  enum class State { kOpen, kEnded };

  virtual ~BodyStream() = default;

  // Appends whatever is ready to `*out` without blocking (possibly nothing).
  // Returns kEnded once the stream has finished and everything was returned.
  virtual State Read(std::string* out) = 0;

  // Calls `wake` once, from any thread, when Read may return more data or the
  // end. If data is already ready, calls it at once (possibly on this thread).
  // A later OnReadable replaces an earlier one that has not fired.
  virtual void OnReadable(std::function<void()> wake) = 0;

  // The consumer went away. After Close returns, `wake` is never called and the
  // producer releases its resources.
  virtual void Close() = 0;
};

}  // namespace ekslite::http

#endif  // EKSLITE_CORE_HTTP_BODY_STREAM_H_
