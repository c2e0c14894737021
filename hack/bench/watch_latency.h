// MeasureWatchLatency: how long after a create is answered its watch event
// reaches a watcher. One connection watches a namespace's ConfigMaps from the
// resourceVersion of a list; others create ConfigMaps there on a fixed
// schedule. For each create, the latency is from the moment the client has
// read the 201 to the moment the watcher has read the ADDED event, both taken
// on this machine's monotonic clock.
#ifndef EKSLITE_HACK_BENCH_WATCH_LATENCY_H_
#define EKSLITE_HACK_BENCH_WATCH_LATENCY_H_

#include <cstddef>
#include <string>

#include "core/status.h"
#include "hack/bench/api_client.h"
#include "hack/bench/latency_samples.h"

namespace ekslite::bench {

struct WatchLatencyOptions {
  std::string namespace_ = "bench-watch";
  double rate = 50;  // creates per second, open loop
  double seconds = 10;
  int clients = 2;  // creating connections
};

struct WatchLatencyResult {
  size_t creates = 0;  // answered 201
  size_t events = 0;   // ADDED events for those creates
  size_t missing = 0;  // creates whose event did not come before the watch ended
  // Events read before their create's 201 (the server sends the event first);
  // counted as 0 in `event_after_response`.
  size_t before_response = 0;
  LatencySamples event_after_response;
  // From just before the create was sent to the event being read: the whole
  // path a controller sees (the create's own latency included).
  LatencySamples event_after_send;
  LatencySamples create;  // the creates themselves, from their scheduled time
};

// kUnavailable when a connection fails; kInternal when the watch is refused.
StatusOr<WatchLatencyResult> MeasureWatchLatency(const ApiEndpoint& endpoint,
                                                 const WatchLatencyOptions& options);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_WATCH_LATENCY_H_
