// RunLoad: drives one request function from N client threads, each with its
// own keep-alive connection, closed-loop (as fast as answers come back) or
// open-loop (a fixed schedule), and records every op's latency.
//
// Open loop: op i is due at start + i / rate and runs on client i % clients;
// its latency is counted from when it was due, not from when it was sent, so
// a stall also counts against every op scheduled behind it (no coordinated
// omission).
#ifndef EKSLITE_HACK_BENCH_LOAD_RUNNER_H_
#define EKSLITE_HACK_BENCH_LOAD_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "hack/bench/api_client.h"
#include "hack/bench/latency_samples.h"

namespace ekslite::bench {

struct LoadOptions {
  int clients = 16;
  // Closed loop: stop after `ops` ops in total when ops > 0, else after `seconds`.
  int64_t ops = 0;
  double seconds = 10;
  // Open loop when > 0: this many ops per second in total, for `seconds`.
  double rate = 0;
  // When > 0, every op slower than this is reported on stderr with the wall
  // clock time it was due, to line it up with server logs and traces.
  double slow_ms = 0;
};

// Runs op number `i` on client thread `t`'s connection. Returns an error for
// a failed op (a wrong status code counts); it is not counted in the latencies.
using OpFn = std::function<Status(ApiClient& client, int t, int64_t i)>;

struct LoadResult {
  double seconds = 0;  // from the common start to the last answer
  int64_t ops = 0;     // successful ops
  int64_t errors = 0;
  std::string first_error;
  LatencySamples latencies;

  double OpsPerSecond() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
};

// Connects every client (TLS handshakes before the clock starts), then runs.
// kUnavailable when a client cannot connect.
StatusOr<LoadResult> RunLoad(const ApiEndpoint& endpoint, const LoadOptions& options,
                             const OpFn& op);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_LOAD_RUNNER_H_
