#include "hack/bench/load_runner.h"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

// What the client threads share.
struct Shared {
  Shared(const LoadOptions& o, const OpFn& f) : options(o), op(f) {}
  const LoadOptions& options;
  const OpFn& op;
  Clock::time_point start;
  Clock::time_point deadline;  // closed loop by time
  int64_t scheduled = 0;       // open loop: ops in the schedule
  std::atomic<int64_t> next{0};
  std::mutex mu;
  LoadResult result;  // GUARDED_BY(mu)
};

// "slow op 12 due 10:41:07.123456 took 52.1 ms" on stderr.
void ReportSlow(int64_t i, Clock::time_point due, Clock::duration took) {
  const auto wall = std::chrono::system_clock::now() - (Clock::now() - due);
  const std::time_t seconds = std::chrono::system_clock::to_time_t(wall);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(wall.time_since_epoch());
  std::tm tm{};
  ::localtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S", &tm);
  std::fprintf(stderr, "slow op %lld due %s.%06lld took %.1f ms\n", static_cast<long long>(i), text,
               static_cast<long long>(us.count() % 1000000),
               std::chrono::duration<double, std::milli>(took).count());
}

// The op a closed-loop client runs next, or -1 when done.
int64_t NextClosed(Shared& shared) {
  if (shared.options.ops > 0) {
    const int64_t i = shared.next++;
    return i < shared.options.ops ? i : -1;
  }
  return Clock::now() < shared.deadline ? shared.next++ : -1;
}

void RunClient(Shared& shared, ApiClient& client, int t) {
  LatencySamples mine;
  int64_t errors = 0;
  std::string first_error;
  const bool paced = shared.options.rate > 0;
  std::this_thread::sleep_until(shared.start);
  for (int64_t i = paced ? t : NextClosed(shared); i >= 0;) {
    Clock::time_point begin = Clock::now();
    if (paced) {
      begin = shared.start +
              std::chrono::nanoseconds(static_cast<int64_t>(i * 1e9 / shared.options.rate));
      std::this_thread::sleep_until(begin);
    }
    Status s = shared.op(client, t, i);
    const Clock::duration took = Clock::now() - begin;
    if (s.ok()) {
      mine.Add(took);
    } else if (errors++ == 0) {
      first_error = s.ToString();
    }
    if (shared.options.slow_ms > 0 &&
        took > std::chrono::duration<double, std::milli>(shared.options.slow_ms)) {
      ReportSlow(i, begin, took);
    }
    if (s.code() == Code::kUnavailable) break;  // the connection is gone
    if (paced) {
      i += shared.options.clients;
      if (i >= shared.scheduled) i = -1;
    } else {
      i = NextClosed(shared);
    }
  }
  std::lock_guard<std::mutex> lock(shared.mu);
  shared.result.latencies.Merge(mine);
  shared.result.errors += errors;
  if (shared.result.first_error.empty()) shared.result.first_error = first_error;
}

}  // namespace

StatusOr<LoadResult> RunLoad(const ApiEndpoint& endpoint, const LoadOptions& options,
                             const OpFn& op) {
  std::vector<std::unique_ptr<ApiClient>> clients;
  for (int t = 0; t < options.clients; ++t) {
    EKS_ASSIGN_OR_RETURN(std::unique_ptr<ApiClient> client, ApiClient::Connect(endpoint));
    clients.push_back(std::move(client));
  }
  Shared shared(options, op);
  shared.start = Clock::now() + std::chrono::milliseconds(50);
  shared.deadline =
      shared.start + std::chrono::nanoseconds(static_cast<int64_t>(options.seconds * 1e9));
  shared.scheduled = static_cast<int64_t>(options.rate * options.seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < options.clients; ++t) {
    threads.emplace_back([&shared, &clients, t] { RunClient(shared, *clients[t], t); });
  }
  for (std::thread& thread : threads) thread.join();
  LoadResult result = std::move(shared.result);
  result.seconds = std::chrono::duration<double>(Clock::now() - shared.start).count();
  result.ops = static_cast<int64_t>(result.latencies.size());
  return result;
}

}  // namespace ekslite::bench
