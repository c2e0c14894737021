// storage_bench: durable creates against the ekslite stores or etcd, from N
// threads, as fast as possible or paced; prints throughput and latency.
//
//   storage_bench --backend=sqlite --threads=16 --ops=40000
//   storage_bench --backend=etcd --etcd=127.0.0.1:2379 --threads=16 --ops=40000
//   storage_bench --backend=sqlite --rate=200 --seconds=10      # paced, p99
//
// Each op creates a new key (/bench/<run>/<thread>/<i>) with a value of
// --value-bytes. Latency is measured per op; in paced mode from the op's
// scheduled start, so a stall also counts against the ops queued behind it.
// Output: one line of key=value pairs (hack/bench/storage-vs-etcd.sh parses it).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/log.h"
#include "hack/bench/etcd_client.h"
#include "storage/memory_store.h"
#include "storage/sqlite_store.h"

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  std::string backend = "sqlite";
  int threads = 16;
  int64_t ops = 20000;
  int value_bytes = 1024;
  double rate = 0;  // total ops/s; 0 = as fast as possible
  double seconds = 10;
  int readers = 0;  // sqlite/memory: threads listing and getting meanwhile
  bool fsync = true;
  std::string dir = "/tmp";
  std::string etcd = "127.0.0.1:2379";
  std::string etcd_op = "create";
};

bool ParseFlag(const std::string& arg, const std::string& name, std::string* value) {
  const std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string v;
    if (ParseFlag(arg, "backend", &v))
      f.backend = v;
    else if (ParseFlag(arg, "threads", &v))
      f.threads = std::stoi(v);
    else if (ParseFlag(arg, "ops", &v))
      f.ops = std::stoll(v);
    else if (ParseFlag(arg, "value-bytes", &v))
      f.value_bytes = std::stoi(v);
    else if (ParseFlag(arg, "rate", &v))
      f.rate = std::stod(v);
    else if (ParseFlag(arg, "seconds", &v))
      f.seconds = std::stod(v);
    else if (ParseFlag(arg, "readers", &v))
      f.readers = std::stoi(v);
    else if (ParseFlag(arg, "fsync", &v))
      f.fsync = v != "0";
    else if (ParseFlag(arg, "dir", &v))
      f.dir = v;
    else if (ParseFlag(arg, "etcd", &v))
      f.etcd = v;
    else if (ParseFlag(arg, "etcd-op", &v))
      f.etcd_op = v;
    else {
      std::fprintf(stderr, "unknown flag %s\n", arg.c_str());
      std::exit(2);
    }
  }
  if (f.rate > 0) f.ops = static_cast<int64_t>(f.rate * f.seconds);
  return f;
}

// Writes one value for thread `t`; returns whether it succeeded.
using WriteFn = std::function<Status(int t, const std::string& key, const std::string& value)>;

struct Result {
  double seconds = 0;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
};

Result Run(const Flags& f, const WriteFn& write) {
  const std::string value(static_cast<size_t>(f.value_bytes), 'v');
  const std::string run = std::to_string(Clock::now().time_since_epoch().count());
  std::vector<std::vector<int64_t>> latencies(static_cast<size_t>(f.threads));
  std::atomic<int64_t> errors{0};
  const auto start = Clock::now() + std::chrono::milliseconds(50);
  std::vector<std::thread> threads;
  for (int t = 0; t < f.threads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<int64_t>& mine = latencies[static_cast<size_t>(t)];
      std::this_thread::sleep_until(start);
      for (int64_t i = t; i < f.ops; i += f.threads) {
        Clock::time_point begin = Clock::now();
        if (f.rate > 0) {
          begin = start + std::chrono::nanoseconds(static_cast<int64_t>(i * 1e9 / f.rate));
          std::this_thread::sleep_until(begin);
        }
        const std::string key = "/bench/" + run + "/" + std::to_string(t) + "/" + std::to_string(i);
        Status s = write(t, key, value);
        if (!s.ok()) {
          if (errors++ == 0) std::fprintf(stderr, "write failed: %s\n", s.ToString().c_str());
          continue;
        }
        mine.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - begin).count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  Result result;
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& l : latencies)
    result.latencies_us.insert(result.latencies_us.end(), l.begin(), l.end());
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  result.errors = errors;
  return result;
}

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index];
}

// Readers that keep a connection pool busy while the writers write.
class Readers {
 public:
  Readers(storage::Store* store, int n) {
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([this, store] {
        storage::ListOptions options;
        options.limit = 100;
        while (!stop_) {
          (void)store->List("/bench/", options);
          ++reads_;
        }
      });
    }
  }
  ~Readers() {
    stop_ = true;
    for (std::thread& t : threads_) t.join();
  }
  int64_t reads() const { return reads_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> reads_{0};
  std::vector<std::thread> threads_;
};

int Main(int argc, char** argv) {
  const Flags f = ParseFlags(argc, argv);
  SetLogLevel("warn");
  WriteFn write;
  std::unique_ptr<storage::Store> store;
  std::vector<EtcdClient> clients;
  std::string db_dir;
  if (f.backend == "sqlite" || f.backend == "memory") {
    if (f.backend == "memory") {
      store = storage::NewMemoryStore();
    } else {
      std::string pattern = f.dir + "/storage-bench-XXXXXX";
      if (::mkdtemp(pattern.data()) == nullptr) return 1;
      db_dir = pattern;
      storage::SqliteStoreOptions options;
      options.path = db_dir + "/store.db";
      options.fsync = f.fsync;
      auto opened = storage::OpenSqliteStore(options);
      if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
        return 1;
      }
      store = std::move(opened).value();
    }
    write = [&](int, const std::string& key, const std::string& value) {
      return store->Create(key, value).status();
    };
  } else if (f.backend == "etcd") {
    const size_t colon = f.etcd.rfind(':');
    for (int t = 0; t < f.threads; ++t) {
      auto client =
          EtcdClient::Connect(f.etcd.substr(0, colon), std::stoi(f.etcd.substr(colon + 1)));
      if (!client.ok()) {
        std::fprintf(stderr, "%s\n", client.status().ToString().c_str());
        return 1;
      }
      clients.push_back(std::move(client).value());
    }
    const bool put = f.etcd_op == "put";
    write = [&, put](int t, const std::string& key, const std::string& value) {
      EtcdClient& c = clients[static_cast<size_t>(t)];
      return put ? c.Put(key, value) : c.Create(key, value);
    };
  } else {
    std::fprintf(stderr, "unknown backend %s\n", f.backend.c_str());
    return 2;
  }

  Result r;
  int64_t reads = 0;
  {
    std::unique_ptr<Readers> readers;
    if (store && f.readers > 0) readers = std::make_unique<Readers>(store.get(), f.readers);
    r = Run(f, write);
    if (readers) reads = readers->reads();
  }
  const double ops = static_cast<double>(r.latencies_us.size());
  std::printf(
      "backend=%s threads=%d rate=%.0f ops=%.0f errors=%lld seconds=%.2f ops_per_sec=%.0f "
      "p50_us=%lld p99_us=%lld p999_us=%lld max_us=%lld reads_per_sec=%.0f\n",
      f.backend.c_str(), f.threads, f.rate, ops, static_cast<long long>(r.errors), r.seconds,
      ops / r.seconds, static_cast<long long>(Percentile(r.latencies_us, 0.50)),
      static_cast<long long>(Percentile(r.latencies_us, 0.99)),
      static_cast<long long>(Percentile(r.latencies_us, 0.999)),
      static_cast<long long>(r.latencies_us.empty() ? 0 : r.latencies_us.back()),
      static_cast<double>(reads) / r.seconds);
  store.reset();
  if (!db_dir.empty()) std::system(("rm -rf '" + db_dir + "'").c_str());
  return r.errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ekslite::bench

int main(int argc, char** argv) { return ekslite::bench::Main(argc, argv); }
