// EventRecorder: how a component reports what it did to an object, as a
// core/v1 Event a user sees in `kubectl describe` and `kubectl get events`.
// Recording never blocks the caller: events are written in the background,
// and a repeat of the same (object, type, reason, message) within ten minutes
// bumps the existing Event's count and lastTimestamp instead of making a new
// one, as upstream's recorder does.
#ifndef EKSLITE_CORE_CLIENT_EVENT_RECORDER_H_
#define EKSLITE_CORE_CLIENT_EVENT_RECORDER_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/json.h"

namespace ekslite::client {

inline constexpr std::string_view kEventNormal = "Normal";
inline constexpr std::string_view kEventWarning = "Warning";

struct EventRecorderOptions {
  std::string component;  // source.component and reportingComponent, e.g. "default-scheduler"
  std::string host;       // source.host ("" for none), e.g. a kubelet's node name
  Clock* clock = &RealClock();
};

class EventRecorder {
 public:
  virtual ~EventRecorder() = default;
  // Records an event about `object` (any API object with apiVersion, kind and
  // metadata). `type` is kEventNormal or kEventWarning. Thread-safe.
  virtual void Event(const JsonValue& object, std::string_view type, std::string_view reason,
                     std::string_view message) = 0;
  // Waits until every event recorded so far was written (or failed). For
  // tests and orderly shutdown.
  virtual void Flush() = 0;
};

// A recorder writing through `client` (which must outlive it).
std::unique_ptr<EventRecorder> NewEventRecorder(const DynamicClient& client,
                                                EventRecorderOptions options);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_EVENT_RECORDER_H_
