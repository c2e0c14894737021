// client_bench: what the core/client layer costs, in one process with the
// real apiserver handler over the memory store (as the all-in-one binary
// wires them with the loopback transport):
//   - loopback request latency (GET and POST through DynamicClient);
//   - informer memory per cached object and time to sync, for small pods,
//     with and without dropping managedFields.
//
//   client_bench [--pods=10000] [--nodes=0] [--gets=20000]
//
// Prints key=value lines. Memory is malloc's in-use bytes (mallinfo2)
// before the informer starts and after it has synced and delivered.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "apiserver/api_handler.h"
#include "hack/bench/bench_flags.h"
#include "core/client/dynamic_client.h"
#include "core/client/loopback_transport.h"
#include "core/client/shared_informer.h"
#include "core/log.h"
#include "storage/memory_store.h"

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  int pods = 10000;
  int nodes = 0;
  int gets = 20000;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  FlagParser()
      .Int("pods", &f.pods)
      .Int("nodes", &f.nodes)
      .Int("gets", &f.gets)
      .Parse(argc, argv);
  return f;
}

size_t HeapInUse() { return mallinfo2().uordblks; }

std::string Percentiles(std::vector<int64_t> ns) {
  if (ns.empty()) return "";
  std::sort(ns.begin(), ns.end());
  auto at = [&](double p) { return ns[std::min(ns.size() - 1, size_t(p * ns.size()))] / 1000.0; };
  double sum = 0;
  for (int64_t v : ns) sum += v;
  char buf[160];
  std::snprintf(buf, sizeof buf, "mean_us=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f",
                sum / ns.size() / 1000.0, at(0.5), at(0.99), ns.back() / 1000.0);
  return buf;
}

Json SmallPod(int i, int nodes) {
  std::string name = "pod-" + std::to_string(i);
  std::string node = "node-" + std::to_string(nodes > 0 ? i % nodes : i % 5000);
  auto doc =
      ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                R"(","namespace":"bench","labels":{"app":"bench","shard":")" +
                std::to_string(i % 16) + R"("}},"spec":{"nodeName":")" + node +
                R"(","containers":[{"name":"app","image":"registry.local/library/busybox:stable",)"
                R"("resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}})");
  return std::move(*doc);
}

Json SmallNode(int i) {
  auto doc = ParseJson(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"node-)" +
                       std::to_string(i) +
                       R"(","labels":{"kubernetes.io/os":"linux"}},"status":{"capacity":)"
                       R"({"cpu":"8","memory":"32Gi","pods":"110"},"allocatable":)"
                       R"({"cpu":"8","memory":"32Gi","pods":"110"}}})");
  return std::move(*doc);
}

void MeasureInformer(const client::DynamicClient& client, const char* label,
                     const client::GroupVersionResource& resource, int count,
                     client::ObjectTransform transform) {
  client::InformerOptions o;
  o.resource = resource;
  o.transform = std::move(transform);
  size_t before = HeapInUse();
  auto start = Clock::now();
  auto informer = client::NewSharedInformer(client, o);
  std::atomic<int> adds{0};
  client::EventHandlers h;
  h.on_add = [&](const client::ObjectPtr&) { adds.fetch_add(1); };
  informer->AddEventHandler(h);
  informer->Start();
  if (!client::WaitForCacheSync({informer.get()}, std::chrono::minutes(10))) {
    std::fprintf(stderr, "informer did not sync\n");
    std::exit(1);
  }
  while (adds.load() < count) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double sync_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  size_t after = HeapInUse();
  // What the JSON trees alone take (a pool allocator counts exactly what
  // RapidJSON asks for), to tell the tree from the cache's own overhead.
  size_t json_bytes = 0;
  size_t tree_bytes = 0;
  for (const auto& obj : informer->indexer().List()) {
    json_bytes += ToJsonString(*obj).size();
    rapidjson::MemoryPoolAllocator<> pool;
    JsonValue copy(*obj, pool);
    tree_bytes += pool.Size();
  }
  std::printf(
      "informer case=%s objects=%zu sync_ms=%.0f heap_bytes=%zu bytes_per_object=%.0f "
      "tree_bytes_per_object=%.0f json_bytes_per_object=%.0f\n",
      label, informer->indexer().size(), sync_ms, after - before, double(after - before) / count,
      double(tree_bytes) / count, double(json_bytes) / count);
  informer->Stop();
}

int Run(const Flags& flags) {
  SetLogLevel("warn");
  auto store = storage::NewMemoryStore();
  apiserver::ApiHandlerOptions options;
  auto handler = apiserver::NewApiHandler(*store, options);
  if (!handler.ok()) {
    std::fprintf(stderr, "%s\n", handler.status().ToString().c_str());
    return 1;
  }
  auto transport = client::NewLoopbackTransport(**handler);
  client::DynamicClient client(*transport);
  auto ns = ParseJson(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}})");
  (void)client.Resource(client::resources::kNamespaces).Create(*ns);

  auto pods = client.Resource(client::resources::kPods, "bench");
  std::vector<int64_t> creates;
  creates.reserve(flags.pods);
  for (int i = 0; i < flags.pods; ++i) {
    Json pod = SmallPod(i, flags.nodes);
    auto t0 = Clock::now();
    auto created = pods.Create(pod);
    creates.push_back((Clock::now() - t0).count());
    if (!created.ok()) {
      std::fprintf(stderr, "create: %s\n", created.status().ToString().c_str());
      return 1;
    }
  }
  std::printf("loopback_create pods=%d %s\n", flags.pods, Percentiles(creates).c_str());
  auto nodes = client.Resource(client::resources::kNodes);
  for (int i = 0; i < flags.nodes; ++i) (void)nodes.Create(SmallNode(i));

  std::vector<int64_t> gets;
  gets.reserve(flags.gets);
  for (int i = 0; i < flags.gets; ++i) {
    auto t0 = Clock::now();
    auto got = pods.Get("pod-" + std::to_string(i % std::max(1, flags.pods)));
    gets.push_back((Clock::now() - t0).count());
    if (!got.ok()) return 1;
  }
  std::printf("loopback_get %s\n", Percentiles(gets).c_str());

  MeasureInformer(client, "pods", client::resources::kPods, flags.pods, nullptr);
  MeasureInformer(client, "pods-without-managed-fields", client::resources::kPods, flags.pods,
                  client::DropManagedFields());
  if (flags.nodes > 0) {
    MeasureInformer(client, "nodes-without-managed-fields", client::resources::kNodes, flags.nodes,
                    client::DropManagedFields());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("process max_rss_mib=%.0f heap_in_use_mib=%.0f\n", usage.ru_maxrss / 1024.0,
              HeapInUse() / 1048576.0);
  return 0;
}

}  // namespace
}  // namespace ekslite::bench

int main(int argc, char** argv) {
  return ekslite::bench::Run(ekslite::bench::ParseFlags(argc, argv));
}
