// scheduler_bench: upstream's SchedulingBasic shape — 5,000 nodes, 1,000
// pods already running, 10,000 pods to schedule — through the real
// apiserver handler over a durable SqliteStore (fsync on), reached in
// process through the loopback transport as the all-in-one binary does.
//
//   scheduler_bench [--nodes=5000] [--existing=1000] [--pods=10000]
//                   [--bind-workers=16] [--events=1] [--dir=/tmp/...]
//
// Prints key=value lines: the scheduling throughput (pods bound per second,
// from the scheduler's start until every pod is bound), and the store's
// durable write rate measured the same way (concurrent creates through the
// same handler), so the share of it that binding (and events) use.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "apiserver/api_handler.h"
#include "hack/bench/bench_flags.h"
#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/loopback_transport.h"
#include "core/log.h"
#include "scheduler/scheduler.h"
#include "storage/sqlite_store.h"

namespace ekslite::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Flags {
  int nodes = 5000;
  int existing = 1000;
  int pods = 10000;
  int bind_workers = 16;
  bool events = true;
  std::string dir;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  FlagParser()
      .Int("nodes", &f.nodes)
      .Int("existing", &f.existing)
      .Int("pods", &f.pods)
      .Int("bind-workers", &f.bind_workers)
      .Bool("events", &f.events)
      .String("dir", &f.dir)
      .Parse(argc, argv);
  return f;
}

Json NodeJson(int i) {
  std::string name = "node-" + std::to_string(i);
  return std::move(
      *ParseJson(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + name +
                 R"(","labels":{"kubernetes.io/hostname":")" + name +
                 R"(","topology.kubernetes.io/zone":"zone-)" + std::to_string(i % 3) +
                 R"("}},"status":{"capacity":{"cpu":"4","memory":"32Gi","pods":"110"},)"
                 R"("allocatable":{"cpu":"4","memory":"32Gi","pods":"110"},)"
                 R"("conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}})"));
}

// Upstream's SchedulingBasic pod: small requests, no affinity.
Json PodJson(const std::string& name, const std::string& node) {
  std::string spec_node = node.empty() ? "" : R"("nodeName":")" + node + R"(",)";
  return std::move(*ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                              R"(","namespace":"bench","labels":{"app":"bench"}},"spec":{)" +
                              spec_node +
                              R"("containers":[{"name":"pause","image":"registry.local/pause:3.9",)"
                              R"("resources":{"requests":{"cpu":"100m","memory":"500Mi"}}}]}})"));
}

// Runs `make(i)` for i in [0, n) on `threads` threads; returns seconds.
template <typename F>
double Parallel(int n, int threads, F make) {
  std::atomic<int> next{0};
  auto start = SteadyClock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < n;) make(i);
    });
  }
  for (std::thread& t : pool) t.join();
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

int Run(const Flags& flags) {
  SetLogLevel("warn");
  std::string dir = flags.dir;
  if (dir.empty()) {
    char tmpl[] = "/tmp/scheduler-bench-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  storage::SqliteStoreOptions store_options;
  store_options.path = dir + "/ekslite.db";
  store_options.fsync = true;
  auto store = storage::OpenSqliteStore(store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "store: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto handler = apiserver::NewApiHandler(**store, apiserver::ApiHandlerOptions{});
  if (!handler.ok()) {
    std::fprintf(stderr, "handler: %s\n", handler.status().ToString().c_str());
    return 1;
  }
  auto transport = client::NewLoopbackTransport(**handler);
  client::DynamicClient client(*transport);
  (void)client.Resource(client::resources::kNamespaces)
      .Create(*ParseJson(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}})"));

  // The store's durable write rate: concurrent creates of small objects.
  const int probe = 20000;
  auto cms = client.Resource(client::resources::kConfigMaps, "bench");
  double probe_s = Parallel(probe, 64, [&](int i) {
    (void)cms.Create(
        *ParseJson(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"probe-)" +
                   std::to_string(i) + R"("},"data":{"k":"v"}})"));
  });
  const double store_writes_per_s = probe / probe_s;
  std::printf("store durable_creates_per_s=%.0f (64 concurrent writers, fsync on)\n",
              store_writes_per_s);

  auto nodes = client.Resource(client::resources::kNodes);
  double nodes_s = Parallel(flags.nodes, 32, [&](int i) { (void)nodes.Create(NodeJson(i)); });
  auto pods = client.Resource(client::resources::kPods, "bench");
  double existing_s = Parallel(flags.existing, 32, [&](int i) {
    (void)pods.Create(PodJson("existing-" + std::to_string(i),
                              "node-" + std::to_string(i % std::max(1, flags.nodes))));
  });
  double pending_s = Parallel(
      flags.pods, 32, [&](int i) { (void)pods.Create(PodJson("pod-" + std::to_string(i), "")); });
  std::printf("setup nodes=%d (%.1fs) existing_pods=%d (%.1fs) pending_pods=%d (%.1fs)\n",
              flags.nodes, nodes_s, flags.existing, existing_s, flags.pods, pending_s);

  client::InformerFactoryOptions informer_options;
  informer_options.transform = client::DropManagedFields();
  client::InformerFactory informers(client, informer_options);
  scheduler::SchedulerOptions options;
  options.bind_workers = flags.bind_workers;
  options.record_events = flags.events;
  auto sched = scheduler::NewScheduler(client, informers, options);
  auto start = SteadyClock::now();
  informers.Start();
  Status started = sched->Start();
  if (!started.ok()) {
    std::fprintf(stderr, "scheduler: %s\n", started.ToString().c_str());
    return 1;
  }
  double synced_s = std::chrono::duration<double>(SteadyClock::now() - start).count();
  auto first = SteadyClock::now();
  while (sched->stats().scheduled < flags.pods) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (SteadyClock::now() - first > std::chrono::minutes(10)) {
      std::fprintf(stderr, "timed out: %lld bound\n",
                   static_cast<long long>(sched->stats().scheduled));
      return 1;
    }
  }
  double sched_s = std::chrono::duration<double>(SteadyClock::now() - first).count();
  scheduler::SchedulerStats stats = sched->stats();
  sched->Stop();
  informers.Shutdown();
  const double pods_per_s = flags.pods / sched_s;
  const double writes_per_pod = flags.events ? 2.0 : 1.0;  // binding (+ Scheduled event)
  std::printf(
      "scheduling pods=%d seconds=%.2f pods_per_s=%.0f informer_sync_s=%.2f bind_failures=%lld "
      "unschedulable=%lld\n",
      flags.pods, sched_s, pods_per_s, synced_s, static_cast<long long>(stats.bind_failures),
      static_cast<long long>(stats.unschedulable));
  std::printf("binding share_of_store_write_rate=%.2f (with events %.2f)\n",
              pods_per_s / store_writes_per_s, pods_per_s * writes_per_pod / store_writes_per_s);
  std::error_code ec;
  if (flags.dir.empty()) std::filesystem::remove_all(dir, ec);
  return 0;
}

}  // namespace
}  // namespace ekslite::bench

int main(int argc, char** argv) {
  return ekslite::bench::Run(ekslite::bench::ParseFlags(argc, argv));
}
