// api_bench: load generator for the apiserver over HTTPS, as the admin user
// (the client certificate in DIR/pki). One subcommand per measurement; each
// prints one line of key=value pairs, ending with the CPU time this process
// and the servers it started used (hack/bench/apiserver.sh parses them).
//
//   api_bench start  --binary=B --data-dir=D [--runs=20] [--rss-after-ms=2000]
//   api_bench create --url=U --data-dir=D [--namespace=N] [--clients=16]
//                    [--seconds=10 | --ops=N | --rate=R --seconds=S] [--value-bytes=1024]
//                    [--slow-ms=MS]   (reports each op slower than MS on stderr)
//   api_bench get    --url=U --data-dir=D [--path=/version] [--clients=16] [--seconds=10]
//   api_bench list   --url=U --data-dir=D [--namespace=N] [--limit=0] [--runs=20]
//                    [--selector=LABEL_SELECTOR]
//   api_bench watch  --url=U --data-dir=D [--namespace=N] [--rate=50] [--seconds=10]
//   api_bench apply  --url=U --data-dir=D --patch=smp|ssa [--ops=3000] [--clients=1]
//                    [--namespace=bench-apply]   (server-side latency from /metrics)
//   api_bench openapi --url=U --data-dir=D [--gv=apis/apps/v1] [--requests=2000]
//                    (the cached document, then GET /version, on one connection)
//
// --url is the server's https://IP:PORT; --data-dir is the server's data
// directory (for pki/ca.crt, pki/admin.crt and pki/admin.key).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/json.h"
#include "hack/bench/api_client.h"
#include "hack/bench/apply_bench.h"
#include "hack/bench/bench_objects.h"
#include "hack/bench/latency_samples.h"
#include "hack/bench/load_runner.h"
#include "hack/bench/server_histogram.h"
#include "hack/bench/server_start.h"
#include "hack/bench/watch_latency.h"

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kRequestHistogram[] = "apiserver_request_duration_seconds";

class Flags {
 public:
  Flags(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
      const std::string arg = argv[i];
      const size_t eq = arg.find('=');
      if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
        std::fprintf(stderr, "want --name=value, got %s\n", arg.c_str());
        std::exit(2);
      }
      values_[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
    }
  }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  double Number(const std::string& name, double fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : std::stod(it->second);
  }

 private:
  std::map<std::string, std::string> values_;
};

std::string Format(const char* format, auto... args) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

LoadOptions LoadOptionsFrom(const Flags& flags) {
  LoadOptions o;
  o.clients = static_cast<int>(flags.Number("clients", 16));
  o.ops = static_cast<int64_t>(flags.Number("ops", 0));
  o.seconds = flags.Number("seconds", 10);
  o.rate = flags.Number("rate", 0);
  o.slow_ms = flags.Number("slow-ms", 0);
  return o;
}

std::string LoadLine(const std::string& mode, const LoadOptions& o, LoadResult& r) {
  if (r.errors > 0) std::fprintf(stderr, "first error: %s\n", r.first_error.c_str());
  return Format("mode=%s clients=%d rate=%.0f ops=%lld errors=%lld seconds=%.2f ops_per_sec=%.0f ",
                mode.c_str(), o.clients, o.rate, static_cast<long long>(r.ops),
                static_cast<long long>(r.errors), r.seconds, r.OpsPerSecond()) +
         r.latencies.Summary();
}

StatusOr<std::string> RunCreate(const ApiEndpoint& endpoint, const Flags& flags) {
  const std::string ns = flags.Get("namespace", "bench-create");
  const auto value_bytes = static_cast<size_t>(flags.Number("value-bytes", 1024));
  EKS_RETURN_IF_ERROR(EnsureNamespace(endpoint, ns));
  const std::string path = ConfigMapsPath(ns);
  const std::string run = RunId();
  const LoadOptions options = LoadOptionsFrom(flags);
  EKS_ASSIGN_OR_RETURN(LoadResult result,
                       RunLoad(endpoint, options, [&](ApiClient& client, int, int64_t i) -> Status {
                         const std::string body =
                             ConfigMapJson("cm-" + run + "-" + std::to_string(i), value_bytes);
                         EKS_ASSIGN_OR_RETURN(Reply reply, client.Send("POST", path, body));
                         if (reply.status != 201)
                           return Status::Internal("create answered " + reply.body);
                         return Status::Ok();
                       }));
  return LoadLine("create", options, result) + " namespace=" + ns;
}

StatusOr<std::string> RunGet(const ApiEndpoint& endpoint, const Flags& flags) {
  const std::string path = flags.Get("path", "/version");
  const LoadOptions options = LoadOptionsFrom(flags);
  EKS_ASSIGN_OR_RETURN(LoadResult result,
                       RunLoad(endpoint, options, [&](ApiClient& client, int, int64_t) -> Status {
                         EKS_ASSIGN_OR_RETURN(Reply reply, client.Send("GET", path));
                         if (reply.status != 200) {
                           return Status::Internal("GET answered " + reply.body);
                         }
                         return Status::Ok();
                       }));
  return LoadLine("get", options, result) + " path=" + path;
}

// One whole list, following continue tokens when `limit` > 0.
struct ListRun {
  double ms = 0;
  int pages = 0;
  size_t bytes = 0;
  std::vector<std::string> bodies;  // kept only when asked to (for checking)
};

// `query` is "" or the request's own parameters ("labelSelector=...").
StatusOr<ListRun> ListOnce(ApiClient& client, const std::string& path, const std::string& query,
                           int64_t limit, bool keep_bodies) {
  ListRun run;
  const Clock::time_point start = Clock::now();
  std::string token;
  do {
    std::string params = query;
    auto add = [&](const std::string& param) { params += (params.empty() ? "" : "&") + param; };
    if (limit > 0) add("limit=" + std::to_string(limit));
    if (!token.empty()) add("continue=" + QueryEscape(token));
    EKS_ASSIGN_OR_RETURN(Reply reply,
                         client.Send("GET", params.empty() ? path : path + "?" + params));
    if (reply.status != 200) return Status::Internal("list answered " + reply.body);
    ++run.pages;
    run.bytes += reply.body.size();
    token = limit > 0 ? ScanString(reply.body, "continue") : "";
    if (keep_bodies) run.bodies.push_back(std::move(reply.body));
  } while (!token.empty());
  run.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return run;
}

// Parses every page and counts its items.
StatusOr<size_t> CountItems(const std::vector<std::string>& bodies) {
  size_t items = 0;
  for (const std::string& body : bodies) {
    EKS_ASSIGN_OR_RETURN(Json doc, ParseJson(body));
    const JsonValue* list = Member(doc, "items");
    if (list == nullptr || !list->IsArray()) return Status::Internal("a list without items");
    items += list->Size();
  }
  return items;
}

StatusOr<std::string> RunList(const ApiEndpoint& endpoint, const Flags& flags) {
  const std::string selector = flags.Get("selector");
  const std::string path = ConfigMapsPath(flags.Get("namespace", "bench"));
  const std::string query = selector.empty() ? "" : "labelSelector=" + QueryEscape(selector);
  const auto limit = static_cast<int64_t>(flags.Number("limit", 0));
  const int runs = static_cast<int>(flags.Number("runs", 20));
  EKS_ASSIGN_OR_RETURN(auto client, ApiClient::Connect(endpoint));
  // A first, untimed run checks that the pages add up to the whole list.
  EKS_ASSIGN_OR_RETURN(ListRun check, ListOnce(*client, path, query, limit, true));
  EKS_ASSIGN_OR_RETURN(size_t items, CountItems(check.bodies));
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    EKS_ASSIGN_OR_RETURN(ListRun run, ListOnce(*client, path, query, limit, false));
    ms.push_back(run.ms);
  }
  return Format(
      "mode=list limit=%lld runs=%d items=%zu pages=%d bytes=%zu median_ms=%.2f min_ms=%.2f "
      "max_ms=%.2f selector=%s",
      static_cast<long long>(limit), runs, items, check.pages, check.bytes, Median(ms),
      *std::min_element(ms.begin(), ms.end()), *std::max_element(ms.begin(), ms.end()),
      selector.empty() ? "-" : selector.c_str());
}

StatusOr<std::string> RunWatch(const ApiEndpoint& endpoint, const Flags& flags) {
  WatchLatencyOptions options;
  options.namespace_ = flags.Get("namespace", options.namespace_);
  options.rate = flags.Number("rate", options.rate);
  options.seconds = flags.Number("seconds", options.seconds);
  EKS_ASSIGN_OR_RETURN(WatchLatencyResult r, MeasureWatchLatency(endpoint, options));
  return Format("mode=watch rate=%.0f creates=%zu events=%zu missing=%zu before_response=%zu ",
                options.rate, r.creates, r.events, r.missing, r.before_response) +
         r.event_after_response.Summary() + " " + r.event_after_send.Summary("from_send_") + " " +
         r.create.Summary("create_");
}

StatusOr<std::string> RunApply(const ApiEndpoint& endpoint, const Flags& flags) {
  ApplyOptions options;
  const std::string patch = flags.Get("patch", "smp");
  if (patch != "smp" && patch != "ssa") return Status::BadRequest("--patch is smp or ssa");
  options.kind = patch == "smp" ? ApplyKind::kStrategicMerge : ApplyKind::kServerSide;
  options.namespace_ = flags.Get("namespace", options.namespace_);
  options.ops = static_cast<int64_t>(flags.Number("ops", static_cast<double>(options.ops)));
  options.clients = static_cast<int>(flags.Number("clients", options.clients));
  EKS_ASSIGN_OR_RETURN(ApplyResult r, RunApplies(endpoint, options));
  if (r.errors > 0) std::fprintf(stderr, "first error: %s\n", r.first_error.c_str());
  const ServerHistogram& h = r.server;
  return Format(
             "mode=apply patch=%s clients=%d ops=%lld errors=%lld seconds=%.2f ops_per_sec=%.0f "
             "body_bytes=%zu server_count=%llu server_mean_us=%.0f server_p50_us=%.0f "
             "server_p90_us=%.0f server_p99_us=%.0f server_le_1ms=%.4f server_le_2ms=%.4f "
             "server_le_4ms=%.4f ",
             patch.c_str(), options.clients, static_cast<long long>(r.ops),
             static_cast<long long>(r.errors), r.seconds,
             r.seconds > 0 ? static_cast<double>(r.ops) / r.seconds : 0, r.request_bytes,
             static_cast<unsigned long long>(h.count()),
             h.count() > 0 ? h.sum() / static_cast<double>(h.count()) * 1e6 : 0,
             h.Quantile(0.5) * 1e6, h.Quantile(0.9) * 1e6, h.Quantile(0.99) * 1e6,
             h.FractionAtMost(0.001), h.FractionAtMost(0.002), h.FractionAtMost(0.004)) +
         r.client.Summary("client_");
}

// The URL of group-version `gv` ("apis/apps/v1") in the OpenAPI v3 index,
// with its ?hash= (what kubectl and helm request).
StatusOr<std::string> OpenApiUrl(ApiClient& client, const std::string& gv) {
  EKS_ASSIGN_OR_RETURN(Reply index, client.Send("GET", "/openapi/v3"));
  if (index.status != 200) return Status::Internal("/openapi/v3 answered " + index.body);
  EKS_ASSIGN_OR_RETURN(Json doc, ParseJson(index.body));
  const JsonValue* paths = Member(doc, "paths");
  const JsonValue* entry = paths == nullptr ? nullptr : Member(*paths, gv);
  if (entry == nullptr) return Status::NotFound("no " + gv + " in the OpenAPI v3 index");
  return std::string(StringAt(*entry, "serverRelativeURL"));
}

// GETs of the OpenAPI document, then as many of /version (the loopback
// floor), one at a time on one keep-alive connection. Each phase is timed in
// the client and, from a second connection, read from the server's histogram
// of non-resource GETs (which both are).
StatusOr<std::string> RunOpenApi(const ApiEndpoint& endpoint, const Flags& flags) {
  const std::string gv = flags.Get("gv", "apis/apps/v1");
  const int requests = static_cast<int>(flags.Number("requests", 2000));
  EKS_ASSIGN_OR_RETURN(auto client, ApiClient::Connect(endpoint));
  EKS_ASSIGN_OR_RETURN(auto scraper, ApiClient::Connect(endpoint));
  EKS_ASSIGN_OR_RETURN(const std::string url, OpenApiUrl(*client, gv));
  // Like kubectl and helm (Go's transport asks for gzip by itself); --gzip=0
  // reads the uncompressed document.
  client->AcceptGzip(flags.Number("gzip", 1) != 0);
  EKS_ASSIGN_OR_RETURN(Reply first, client->Send("GET", url));  // may build it: untimed
  if (first.status != 200) return Status::Internal(url + " answered " + first.body);
  const std::vector<std::string> labels = {R"(verb="GET")", R"(resource="")"};
  auto phase = [&](const std::string& target, LatencySamples& samples,
                   ServerHistogram& server) -> Status {
    EKS_ASSIGN_OR_RETURN(ServerHistogram before,
                         ServerHistogram::Scrape(*scraper, kRequestHistogram, labels));
    for (int i = 0; i < requests; ++i) {
      const Clock::time_point start = Clock::now();
      EKS_ASSIGN_OR_RETURN(Reply reply, client->Send("GET", target));
      samples.Add(Clock::now() - start);
      if (reply.status != 200) return Status::Internal(target + " answered " + reply.body);
    }
    EKS_ASSIGN_OR_RETURN(ServerHistogram after,
                         ServerHistogram::Scrape(*scraper, kRequestHistogram, labels));
    server = after.Since(before);
    return Status::Ok();
  };
  LatencySamples document, version;
  ServerHistogram document_server, version_server;
  EKS_RETURN_IF_ERROR(phase(url, document, document_server));
  EKS_RETURN_IF_ERROR(phase("/version", version, version_server));
  auto server = [](const char* prefix, const ServerHistogram& h) {
    return Format(" %sserver_p99_us=%.0f %sserver_le_100us=%.4f", prefix, h.Quantile(0.99) * 1e6,
                  prefix, h.FractionAtMost(0.0001));
  };
  return Format("mode=openapi gv=%s requests=%d gzip=%d wire_bytes=%zu ", gv.c_str(), requests,
                flags.Number("gzip", 1) != 0 ? 1 : 0, first.body.size()) +
         document.Summary() + server("", document_server) + " " + version.Summary("version_") +
         server("version_", version_server);
}

StatusOr<std::string> RunStart(const Flags& flags) {
  StartOptions options;
  options.binary = flags.Get("binary", options.binary);
  options.data_dir = flags.Get("data-dir");
  options.storage = flags.Get("storage", options.storage);
  options.log_file = flags.Get("log-file", options.log_file);
  options.rss_after =
      std::chrono::milliseconds(static_cast<int64_t>(flags.Number("rss-after-ms", 2000)));
  const int runs = static_cast<int>(flags.Number("runs", 20));
  std::vector<double> ready_ms, rss_kib;
  double cold_ms = 0, threads = 0;
  for (int i = 0; i < runs; ++i) {
    EKS_ASSIGN_OR_RETURN(StartSample sample, MeasureStart(options));
    std::fprintf(stderr, "start %d: %s ready_ms=%.2f rss_kib=%lld hwm_kib=%lld threads=%lld\n", i,
                 sample.cold ? "cold" : "warm", sample.ready_ms,
                 static_cast<long long>(sample.rss_kib), static_cast<long long>(sample.hwm_kib),
                 static_cast<long long>(sample.threads));
    if (sample.cold) {  // created the PKI: not a warm start, reported apart
      cold_ms = sample.ready_ms;
      continue;
    }
    ready_ms.push_back(sample.ready_ms);
    rss_kib.push_back(static_cast<double>(sample.rss_kib));
    threads = static_cast<double>(sample.threads);
  }
  if (ready_ms.empty()) return Status::Invalid("no warm start: use --runs=2 or more");
  return Format(
      "mode=start storage=%s warm_runs=%zu cold_ready_ms=%.2f ready_ms_median=%.2f "
      "ready_ms_max=%.2f rss_kib_median=%.0f rss_kib_max=%.0f threads=%.0f",
      options.storage.c_str(), ready_ms.size(), cold_ms, Median(ready_ms),
      *std::max_element(ready_ms.begin(), ready_ms.end()), Median(rss_kib),
      *std::max_element(rss_kib.begin(), rss_kib.end()), threads);
}

StatusOr<std::string> RunMode(const std::string& mode, const Flags& flags) {
  if (mode == "start") return RunStart(flags);
  EKS_ASSIGN_OR_RETURN(ApiEndpoint endpoint, EndpointFor(flags.Get("url"), flags.Get("data-dir")));
  if (mode == "create") return RunCreate(endpoint, flags);
  if (mode == "get") return RunGet(endpoint, flags);
  if (mode == "list") return RunList(endpoint, flags);
  if (mode == "watch") return RunWatch(endpoint, flags);
  if (mode == "apply") return RunApply(endpoint, flags);
  if (mode == "openapi") return RunOpenApi(endpoint, flags);
  return Status::BadRequest(
      "usage: api_bench start|create|get|list|watch|apply|openapi --flag=value...");
}

// User plus system CPU seconds this process and its reaped children (the
// servers `start` ran) have used.
double CpuSeconds() {
  double total = 0;
  for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage{};
    ::getrusage(who, &usage);
    for (const timeval& t : {usage.ru_utime, usage.ru_stime}) {
      total += static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    }
  }
  return total;
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  StatusOr<std::string> line = RunMode(argc > 1 ? argv[1] : "", flags);
  if (!line.ok()) {
    std::fprintf(stderr, "api_bench: %s\n", line.status().ToString().c_str());
    return line.status().code() == Code::kBadRequest ? 2 : 1;
  }
  std::printf("%s client_cpu_s=%.2f\n", line->c_str(), CpuSeconds());
  return 0;
}

}  // namespace
}  // namespace ekslite::bench

int main(int argc, char** argv) { return ekslite::bench::Main(argc, argv); }
