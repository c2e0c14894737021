#include "hack/bench/watch_latency.h"

#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "core/json.h"
#include "hack/bench/bench_objects.h"
#include "hack/bench/load_runner.h"

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

// When each object's create answer and watch event were read.
struct Arrivals {
  std::mutex mu;
  std::map<std::string, Clock::time_point> sent;      // GUARDED_BY(mu)
  std::map<std::string, Clock::time_point> answered;  // GUARDED_BY(mu)
  std::map<std::string, Clock::time_point> watched;   // GUARDED_BY(mu)
};

// Watches `path` from `revision` until `expected` ADDED events have come or
// the server ends the watch; signals `opened` once the watch is established.
Status Watch(const ApiEndpoint& endpoint, const std::string& path, const std::string& revision,
             int timeout_seconds, size_t expected, Arrivals& arrivals,
             std::promise<Status>& opened) {
  auto client = ApiClient::Connect(endpoint);
  if (!client.ok()) {
    opened.set_value(client.status());
    return client.status();
  }
  const std::string target = path + "?watch=true&resourceVersion=" + revision +
                             "&timeoutSeconds=" + std::to_string(timeout_seconds);
  bool signalled = false;
  Status s = (*client)->Stream(
      target,
      [&](std::string_view line, Clock::time_point received) {
        auto doc = ParseJson(line);
        if (!doc.ok() || StringAt(*doc, "type") != "ADDED") return true;
        std::lock_guard<std::mutex> lock(arrivals.mu);
        arrivals.watched.emplace(std::string(StringAt(*doc, "object.metadata.name")), received);
        return arrivals.watched.size() < expected;
      },
      [&] {
        signalled = true;
        opened.set_value(Status::Ok());
      });
  if (!signalled) opened.set_value(s.ok() ? Status::Internal("the watch ended at once") : s);
  return s;
}

void Tally(Arrivals& arrivals, WatchLatencyResult& result) {
  std::lock_guard<std::mutex> lock(arrivals.mu);
  result.creates = arrivals.answered.size();
  for (const auto& [name, answered] : arrivals.answered) {
    auto it = arrivals.watched.find(name);
    if (it == arrivals.watched.end()) {
      ++result.missing;
      continue;
    }
    ++result.events;
    result.event_after_send.Add(it->second - arrivals.sent[name]);
    if (it->second < answered) {
      ++result.before_response;
      result.event_after_response.AddMicros(0);
    } else {
      result.event_after_response.Add(it->second - answered);
    }
  }
}

}  // namespace

StatusOr<WatchLatencyResult> MeasureWatchLatency(const ApiEndpoint& endpoint,
                                                 const WatchLatencyOptions& options) {
  EKS_RETURN_IF_ERROR(EnsureNamespace(endpoint, options.namespace_));
  const std::string path = ConfigMapsPath(options.namespace_);
  std::string revision;
  {
    EKS_ASSIGN_OR_RETURN(auto client, ApiClient::Connect(endpoint));
    EKS_ASSIGN_OR_RETURN(Reply list, client->Send("GET", path + "?limit=1"));
    revision = ScanString(list.body, "resourceVersion");
    if (list.status != 200 || revision.empty()) return Status::Internal("list: " + list.body);
  }
  LoadOptions load;
  load.clients = options.clients;
  load.rate = options.rate;
  load.seconds = options.seconds;
  const auto expected = static_cast<size_t>(options.rate * options.seconds);
  Arrivals arrivals;
  std::promise<Status> opened;
  std::thread watcher([&] {
    (void)Watch(endpoint, path, revision, static_cast<int>(options.seconds) + 10, expected,
                arrivals, opened);
  });
  Status watch_status = opened.get_future().get();
  if (!watch_status.ok()) {
    watcher.join();
    return watch_status;
  }
  const std::string run = RunId();
  auto created = RunLoad(endpoint, load, [&](ApiClient& client, int, int64_t i) -> Status {
    const std::string name = "w-" + run + "-" + std::to_string(i);
    const std::string body = ConfigMapJson(name, 1024);
    const Clock::time_point sent = Clock::now();
    EKS_ASSIGN_OR_RETURN(Reply reply, client.Send("POST", path, body));
    const Clock::time_point answered = Clock::now();
    if (reply.status != 201) return Status::Internal("create answered " + reply.body);
    std::lock_guard<std::mutex> lock(arrivals.mu);
    arrivals.sent.emplace(name, sent);
    arrivals.answered.emplace(name, answered);
    return Status::Ok();
  });
  watcher.join();
  if (!created.ok()) return created.status();
  WatchLatencyResult result;
  result.create = std::move(created->latencies);
  Tally(arrivals, result);
  return result;
}

}  // namespace ekslite::bench
