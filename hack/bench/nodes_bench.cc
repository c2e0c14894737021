// nodes_bench: what simulated nodes cost, all in one process as
// `ekslite server --simulated-nodes N` wires them: the real apiserver handler
// over SQLite (fsync on, as the server runs) or the memory store, the
// loopback transport, one informer factory, kubelet::SimulatedNodes.
//
//   nodes_bench [--nodes=5000] [--pods=0] [--storage=sqlite|memory] [--workers=8] [--hold=0]
//
// Measures the time from start until every node is registered Ready (its
// Node created with Ready=True; its lease follows at once), the process's
// RSS then (total and per node), and with --pods=P the time until P pods
// bound round-robin to the nodes are all Running, and the RSS after. With
// --hold=S it then idles S seconds and reports the CPU the heartbeats cost
// (every lease renewed each 10 s: N/10 writes a second).
// Prints key=value lines.
#include <sys/resource.h>
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
#include "kubelet/simulated_nodes.h"
#include "storage/memory_store.h"
#include "storage/sqlite_store.h"

namespace ekslite::bench {
namespace {

using Steady = std::chrono::steady_clock;

struct Flags {
  int nodes = 5000;
  int pods = 0;
  std::string storage = "sqlite";
  int workers = 8;
  int hold = 0;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  FlagParser()
      .Int("nodes", &f.nodes)
      .Int("pods", &f.pods)
      .String("storage", &f.storage)
      .Int("workers", &f.workers)
      .Int("hold", &f.hold)
      .Parse(argc, argv);
  return f;
}

// Resident set size of this process, in bytes.
size_t Rss() {
  long pages = 0;
  long resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// User plus system CPU time of this process, in seconds.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

Json BoundPod(int i, int nodes) {
  std::string pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-)" +
                    std::to_string(i) + R"(","namespace":"default"},"spec":{"nodeName":"bench-)" +
                    std::to_string(i % nodes) +
                    R"(","containers":[{"name":"web","image":"nginx:1.27"}]}})";
  return std::move(*ParseJson(pod));
}

// Creates `count` pods from `threads` threads.
void CreatePods(const client::DynamicClient& client, int count, int nodes, int threads) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      auto pods = client.Resource(client::resources::kPods, "default");
      for (int i = next++; i < count; i = next++) {
        auto created = pods.Create(BoundPod(i, nodes));
        if (!created.ok())
          std::fprintf(stderr, "pod-%d: %s\n", i, created.status().ToString().c_str());
      }
    });
  }
  for (std::thread& t : pool) t.join();
}

int CountRunning(client::SharedInformer& pods) {
  int running = 0;
  for (const client::ObjectPtr& pod : pods.indexer().List()) {
    running += StringAt(*pod, "status.phase") == "Running";
  }
  return running;
}

int Run(const Flags& flags) {
  SetLogLevel("warn");
  std::string dir =
      std::filesystem::temp_directory_path() / ("nodes-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::unique_ptr<storage::Store> store;
  if (flags.storage == "memory") {
    store = storage::NewMemoryStore();
  } else {
    storage::SqliteStoreOptions sqlite;
    sqlite.path = dir + "/state.db";
    auto opened = storage::OpenSqliteStore(sqlite);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      return 1;
    }
    store = std::move(*opened);
  }
  auto handler = apiserver::NewApiHandler(*store, apiserver::ApiHandlerOptions{});
  if (!handler.ok()) {
    std::fprintf(stderr, "%s\n", handler.status().ToString().c_str());
    return 1;
  }
  auto transport = client::NewLoopbackTransport(**handler);
  client::DynamicClient client(*transport);
  size_t rss_base = Rss();

  Steady::time_point start = Steady::now();
  client::InformerFactoryOptions informer_options;
  informer_options.transform = client::DropManagedFields();
  client::InformerFactory informers(client, informer_options);
  kubelet::SimulatedNodesOptions options;
  options.count = flags.nodes;
  options.name_prefix = "bench-";
  options.workers = flags.workers;
  auto nodes = kubelet::NewSimulatedNodes(client, informers, options);
  if (!nodes.ok()) {
    std::fprintf(stderr, "%s\n", nodes.status().ToString().c_str());
    return 1;
  }
  informers.Start();
  if (Status s = (*nodes)->Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  while ((*nodes)->RegisteredNodes() < flags.nodes) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  double ready_s = Seconds(start);
  // Let the leases of the last nodes land before measuring memory.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  size_t rss_nodes = Rss();
  std::printf("nodes=%d storage=%s workers=%d\n", flags.nodes, flags.storage.c_str(),
              flags.workers);
  std::printf("time_to_all_ready_s=%.2f\n", ready_s);
  std::printf("rss_base_mb=%.1f rss_with_nodes_mb=%.1f\n", rss_base / 1048576.0,
              rss_nodes / 1048576.0);
  std::printf("rss_per_node_kb_process=%.1f rss_per_node_kb_added=%.1f\n",
              rss_nodes / 1024.0 / flags.nodes, (rss_nodes - rss_base) / 1024.0 / flags.nodes);

  if (flags.pods > 0) {
    auto pod_informer = informers.ForResource(client::resources::kPods);
    Steady::time_point pods_start = Steady::now();
    CreatePods(client, flags.pods, flags.nodes, 4);
    double created_s = Seconds(pods_start);
    while (CountRunning(*pod_informer) < flags.pods) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    double running_s = Seconds(pods_start);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    size_t rss_pods = Rss();
    std::printf("pods=%d pods_created_s=%.2f pods_all_running_s=%.2f\n", flags.pods, created_s,
                running_s);
    std::printf("rss_with_pods_mb=%.1f rss_per_pod_kb_added=%.1f\n", rss_pods / 1048576.0,
                (rss_pods - rss_nodes) / 1024.0 / flags.pods);
  }
  if (flags.hold > 0) {
    double cpu = CpuSeconds();
    Steady::time_point hold_start = Steady::now();
    std::this_thread::sleep_for(std::chrono::seconds(flags.hold));
    std::printf("steady_cpu_cores=%.3f over %ds (lease renewals: %d/s)\n",
                (CpuSeconds() - cpu) / Seconds(hold_start), flags.hold, flags.nodes / 10);
    std::printf("rss_after_hold_mb=%.1f\n", Rss() / 1048576.0);
    // Every lease should have been renewed within the last interval.
    auto leases = client.Resource(client::resources::kLeases, "kube-node-lease").List();
    int fresh = 0;
    auto now = std::chrono::system_clock::now();
    for (const client::ObjectPtr& lease :
         leases.ok() ? leases->items : std::vector<client::ObjectPtr>{}) {
      ekslite::Clock::time_point renewed;
      if (ParseRfc3339(StringAt(*lease, "spec.renewTime"), &renewed) &&
          now - renewed < std::chrono::seconds(12)) {
        ++fresh;
      }
    }
    std::printf("leases_renewed_in_last_12s=%d\n", fresh);
  }
  (*nodes)->Stop();
  informers.Shutdown();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace ekslite::bench

int main(int argc, char** argv) {
  return ekslite::bench::Run(ekslite::bench::ParseFlags(argc, argv));
}
