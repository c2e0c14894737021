#include "core/client/event_recorder.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "core/log.h"
#include "core/thread_annotations.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;

// Upstream's recorder keeps a repeat of the same event as one Event with a
// count for this long after the last occurrence.
constexpr auto kAggregationWindow = 10min;
// Pending events beyond this are dropped: a stuck apiserver must not make a
// component's memory grow without bound.
constexpr size_t kMaxPending = 1000;
// How many distinct recent events are remembered for aggregation.
constexpr size_t kMaxRemembered = 4096;

// What the caller asked to record, copied out of the caller's object.
struct PendingEvent {
  std::string kind, api_version, ns, name, uid, resource_version;
  std::string type, reason, message;
  Clock::time_point at;
};

// The identity of an event for aggregation.
using EventKey = std::tuple<std::string, std::string, std::string, std::string>;

// An Event already written, so that a repeat can bump it.
struct WrittenEvent {
  std::string ns;
  std::string name;
  int64_t count = 1;
  Clock::time_point last;
};

class EventRecorderImpl : public EventRecorder {
 public:
  EventRecorderImpl(const DynamicClient& client, EventRecorderOptions options)
      : client_(client), options_(std::move(options)) {
    worker_ = std::thread([this] { Run(); });
  }

  ~EventRecorderImpl() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  void Event(const JsonValue& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    PendingEvent e;
    e.kind = std::string(StringAt(object, "kind"));
    e.api_version = std::string(StringAt(object, "apiVersion"));
    e.ns = std::string(StringAt(object, "metadata.namespace"));
    e.name = std::string(StringAt(object, "metadata.name"));
    e.uid = std::string(StringAt(object, "metadata.uid"));
    e.resource_version = std::string(StringAt(object, "metadata.resourceVersion"));
    e.type = std::string(type);
    e.reason = std::string(reason);
    e.message = std::string(message);
    e.at = options_.clock->Now();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      if (pending_.size() >= kMaxPending) {
        // One line per burst of drops, not one per event.
        if (dropped_++ % 1000 == 0) {
          Logger(options_.component)
              ->warn("event queue full, dropping event {} {} on {}/{} ({} dropped so far)", e.type,
                     e.reason, e.ns, e.name, dropped_);
        }
        return;
      }
      pending_.push_back(std::move(e));
      ++recorded_;
    }
    cv_.notify_all();
  }

  void Flush() override {
    std::unique_lock<std::mutex> lock(mu_);
    const uint64_t target = recorded_;
    done_cv_.wait(lock, [&] { return written_ >= target; });
  }

 private:
  // The worker: writes pending events in order until stopped, then writes
  // what is still queued (shutdown is orderly, the queue is bounded).
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;
      PendingEvent e = std::move(pending_.front());
      pending_.pop_front();
      lock.unlock();
      Write(e);
      lock.lock();
      ++written_;
      done_cv_.notify_all();
    }
  }

  void Write(const PendingEvent& e) {
    const std::string ns = e.ns.empty() ? "default" : e.ns;
    EventKey key{e.uid.empty() ? ns + "/" + e.kind + "/" + e.name : e.uid, e.type, e.reason,
                 e.message};
    auto it = remembered_.find(key);
    if (it != remembered_.end() && e.at - it->second.last < kAggregationWindow) {
      Status bumped = Bump(it->second, e.at);
      if (bumped.ok()) return;
      // Deleted (or never stored): start a new Event below.
      Logger(options_.component)
          ->debug("cannot update event {}/{}: {}", ns, it->second.name, bumped.ToString());
      remembered_.erase(it);
    }
    Status created = Create(e, ns, key);
    if (!created.ok()) {
      Logger(options_.component)
          ->warn("cannot write event {} {} on {}/{}: {}", e.type, e.reason, ns, e.name,
                 created.ToString());
    }
  }

  // Patches count and lastTimestamp of an Event written before.
  Status Bump(WrittenEvent& written, Clock::time_point at) {
    Json patch(rapidjson::kObjectType);
    auto& a = patch.GetAllocator();
    SetInt(patch, "count", written.count + 1, a);
    SetString(patch, "lastTimestamp", FormatRfc3339(at), a);
    EKS_RETURN_IF_ERROR(client_.Resource(resources::kEvents, written.ns)
                            .Patch(written.name, PatchType::kMerge, ToJsonString(patch))
                            .status());
    ++written.count;
    written.last = at;
    return Status::Ok();
  }

  Status Create(const PendingEvent& e, const std::string& ns, const EventKey& key) {
    const std::string name = e.name + "." + UniqueSuffix(e.at);
    const std::string when = FormatRfc3339(e.at);
    Json event(rapidjson::kObjectType);
    auto& a = event.GetAllocator();
    SetString(event, "apiVersion", "v1", a);
    SetString(event, "kind", "Event", a);
    JsonValue& meta = EnsureObject(event, "metadata", a);
    SetString(meta, "name", name, a);
    SetString(meta, "namespace", ns, a);
    JsonValue& involved = EnsureObject(event, "involvedObject", a);
    SetString(involved, "kind", e.kind, a);
    if (!e.ns.empty()) SetString(involved, "namespace", e.ns, a);
    SetString(involved, "name", e.name, a);
    if (!e.uid.empty()) SetString(involved, "uid", e.uid, a);
    if (!e.api_version.empty()) SetString(involved, "apiVersion", e.api_version, a);
    if (!e.resource_version.empty()) {
      SetString(involved, "resourceVersion", e.resource_version, a);
    }
    SetString(event, "reason", e.reason, a);
    SetString(event, "message", e.message, a);
    SetString(event, "type", e.type, a);
    JsonValue& source = EnsureObject(event, "source", a);
    SetString(source, "component", options_.component, a);
    if (!options_.host.empty()) SetString(source, "host", options_.host, a);
    SetString(event, "firstTimestamp", when, a);
    SetString(event, "lastTimestamp", when, a);
    SetInt(event, "count", 1, a);
    SetString(event, "reportingComponent", options_.component, a);
    SetString(event, "reportingInstance", options_.host, a);
    EKS_RETURN_IF_ERROR(client_.Resource(resources::kEvents, ns).Create(event).status());
    Remember(key, WrittenEvent{ns, name, 1, e.at});
    return Status::Ok();
  }

  // 16 hex digits of a nanosecond timestamp that never repeats within this
  // recorder, as upstream names events "<object>.<hex of UnixNano>".
  std::string UniqueSuffix(Clock::time_point at) {
    auto nanos = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count());
    auto now = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(RealClock().Now().time_since_epoch())
            .count());
    // A fake clock may stand still; the real one breaks ties between
    // recorders in different processes.
    nanos = std::max(nanos, now);
    if (nanos <= last_suffix_) nanos = last_suffix_ + 1;
    last_suffix_ = nanos;
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(nanos));
    return buf;
  }

  // Keeps `written` for aggregation; forgets expired entries (or, when all
  // are recent, the oldest) once the map is full.
  void Remember(const EventKey& key, WrittenEvent written) {
    if (remembered_.size() >= kMaxRemembered) {
      std::erase_if(remembered_, [&](const auto& entry) {
        return written.last - entry.second.last >= kAggregationWindow;
      });
    }
    if (remembered_.size() >= kMaxRemembered) {
      auto oldest = remembered_.begin();
      for (auto it = remembered_.begin(); it != remembered_.end(); ++it) {
        if (it->second.last < oldest->second.last) oldest = it;
      }
      remembered_.erase(oldest);
    }
    remembered_[key] = std::move(written);
  }

  const DynamicClient& client_;
  const EventRecorderOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;       // pending_ or stopping_ changed
  std::condition_variable done_cv_;  // written_ changed
  std::deque<PendingEvent> pending_ GUARDED_BY(mu_);
  uint64_t recorded_ GUARDED_BY(mu_) = 0;
  uint64_t written_ GUARDED_BY(mu_) = 0;
  uint64_t dropped_ GUARDED_BY(mu_) = 0;
  bool stopping_ GUARDED_BY(mu_) = false;

  // Owned by the worker thread.
  std::map<EventKey, WrittenEvent> remembered_;
  uint64_t last_suffix_ = 0;

  std::thread worker_;
};

}  // namespace

std::unique_ptr<EventRecorder> NewEventRecorder(const DynamicClient& client,
                                                EventRecorderOptions options) {
  return std::make_unique<EventRecorderImpl>(client, std::move(options));
}

}  // namespace ekslite::client
