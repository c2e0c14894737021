// Watch: a chunked stream of newline-separated watch events
// ({"type":"ADDED","object":{...}}), fed by a CacheWatcher, ended by
// timeoutSeconds, and with bookmarks every minute when the client allows them.
#include <random>

#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

constexpr size_t kQueueCapacity = 10000;

const char* TypeName(CacheEvent::Type type) {
  switch (type) {
    case CacheEvent::Type::kAdded:
      return "ADDED";
    case CacheEvent::Type::kModified:
      return "MODIFIED";
    case CacheEvent::Type::kDeleted:
      return "DELETED";
    case CacheEvent::Type::kBookmark:
      return "BOOKMARK";
  }
  return "ERROR";
}

// How each event's object is written.
class EventFormatter {
 public:
  EventFormatter(const RequestScope& scope, Output output)
      : resource_(scope.resource), output_(output), clock_(scope.registry.clock()) {}

  void Append(const CacheEvent& e, std::string* out) {
    *out += "{\"type\":\"";
    *out += TypeName(e.type);
    *out += "\",\"object\":";
    if (e.type == CacheEvent::Type::kBookmark) {
      *out += "{\"kind\":\"" + resource_.kind + "\",\"apiVersion\":\"" + resource_.ApiVersion() +
              "\",\"metadata\":{\"resourceVersion\":\"" + std::to_string(e.revision) + "\"}}";
    } else {
      AppendObject(e.object->json, out);
    }
    *out += "}\n";
  }

 private:
  void AppendObject(std::string_view stored, std::string* out) {
    std::string served = resource_.from_storage ? Convert(stored) : std::string(stored);
    if (output_.kind == OutputKind::kTable) {
      TableOptions t;
      t.include = output_.include;
      t.headers = first_table_;
      first_table_ = false;
      *out += BuildTable(resource_, {served}, t, clock_.Now());
    } else if (output_.kind == OutputKind::kPartialMetadata) {
      auto doc = ParseJson(served);
      *out += R"({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":)";
      const JsonValue* meta = doc.ok() ? Member(*doc, "metadata") : nullptr;
      *out += meta != nullptr ? ToJsonString(*meta) : "{}";
      *out += "}";
    } else {
      *out += served;
    }
  }

  std::string Convert(std::string_view stored) {
    auto doc = ParseJson(stored);
    if (!doc.ok()) return std::string(stored);
    Json converted = resource_.from_storage(*doc);
    return ToJsonString(converted);
  }

  const ResourceInfo& resource_;
  const Output output_;
  Clock& clock_;
  bool first_table_ = true;
};

// Timer state shared with timer callbacks, which may outlive the stream.
struct WatchTimers {
  std::mutex mu;
  bool closed = false;          // GUARDED_BY(mu)
  TimerQueue::Id deadline = 0;  // GUARDED_BY(mu)
  TimerQueue::Id bookmark = 0;  // GUARDED_BY(mu)
};

// Queues a bookmark every interval until the watch closes.
void ScheduleBookmark(TimerQueue& timers, std::chrono::milliseconds interval,
                      std::shared_ptr<WatchTimers> state, std::weak_ptr<CacheWatcher> weak,
                      ResourceCache* cache) {
  std::lock_guard<std::mutex> lock(state->mu);
  if (state->closed) return;
  state->bookmark =
      timers.Schedule(TimerQueue::Clock::now() + interval, [&timers, interval, state, weak, cache] {
        auto w = weak.lock();
        if (w == nullptr || w->closed()) return;
        cache->Bookmark(w);
        ScheduleBookmark(timers, interval, state, weak, cache);
      });
}

class WatchStream final : public http::BodyStream {
 public:
  WatchStream(const RequestScope& scope, Output output, ResourceCache* cache,
              std::shared_ptr<CacheWatcher> watcher, std::chrono::seconds timeout, bool bookmarks)
      : formatter_(scope, output),
        watcher_(std::move(watcher)),
        timers_(scope.timers),
        state_(std::make_shared<WatchTimers>()) {
    std::weak_ptr<CacheWatcher> weak = watcher_;
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      state_->deadline = timers_.Schedule(TimerQueue::Clock::now() + timeout, [weak] {
        if (auto w = weak.lock()) w->End();
      });
    }
    if (bookmarks) ScheduleBookmark(timers_, scope.bookmark_interval, state_, weak, cache);
  }

  ~WatchStream() override { Close(); }

  State Read(std::string* out) override {
    std::vector<CacheEvent> events;
    bool open = watcher_->Take(&events);
    for (const CacheEvent& e : events) formatter_.Append(e, out);
    return open ? State::kOpen : State::kEnded;
  }

  void OnReadable(std::function<void()> wake) override { watcher_->OnReady(std::move(wake)); }

  void Close() override {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->closed) return;
    state_->closed = true;
    timers_.Cancel(state_->deadline);
    timers_.Cancel(state_->bookmark);
    watcher_->Close();
  }

 private:
  EventFormatter formatter_;
  std::shared_ptr<CacheWatcher> watcher_;
  TimerQueue& timers_;
  std::shared_ptr<WatchTimers> state_;
};

http::Response StreamResponse(std::unique_ptr<http::BodyStream> stream) {
  http::Response r;
  r.head.result(200);
  r.head.set(http::Field::content_type, "application/json");
  r.head.chunked(true);
  r.stream = std::move(stream);
  return r;
}

// A watch that fails after it started (an expired resourceVersion) is a 200
// with one ERROR event, as upstream's watch cache answers.
http::Response ErrorEventResponse(const Status& status) {
  http::Response r;
  r.head.result(200);
  r.head.set(http::Field::content_type, "application/json");
  r.head.body() = "{\"type\":\"ERROR\",\"object\":" + StatusJson(status) + "}\n";
  r.head.prepare_payload();
  return r;
}

std::chrono::seconds WatchTimeout(const Query& q) {
  if (auto t = q.Get("timeoutSeconds")) {
    long v = std::strtol(t->c_str(), nullptr, 10);
    if (v > 0) return std::chrono::seconds(v);
  }
  // Upstream picks a random timeout between the minimum request timeout (30
  // minutes) and twice it, so that watches do not all restart together.
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::chrono::seconds(1800 + std::uniform_int_distribution<int>(0, 1799)(rng));
}

}  // namespace

http::Response HandleWatch(const RequestScope& scope) {
  auto begin = BeginCollectionRead(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  ResourceCache* cache = begin->cache;
  const Selection& sel = begin->selection;
  const Output& output = begin->output;
  const Query& q = scope.info.query;
  std::string rv = q.GetOr("resourceVersion", "");
  bool initial = rv.empty() || rv == "0";
  int64_t revision = 0;
  if (!initial) {
    char* end = nullptr;
    revision = std::strtoll(rv.c_str(), &end, 10);
    if (*end != '\0' || revision < 0) {
      return StatusResponse(Status::BadRequest("resourceVersion: Invalid value: \"" + rv +
                                               "\": invalid resource version"));
    }
  }
  // A watch on one named object (kubectl get NAME -w) is a field selector.
  auto watcher = cache->Watch(sel.prefix, revision, initial, sel.filter, kQueueCapacity);
  if (!watcher.ok()) return ErrorEventResponse(watcher.status());
  bool bookmarks = q.GetBool("allowWatchBookmarks") && output.kind == OutputKind::kJson;
  return StreamResponse(std::make_unique<WatchStream>(scope, output, cache, std::move(*watcher),
                                                      WatchTimeout(q), bookmarks));
}

}  // namespace ekslite::apiserver
