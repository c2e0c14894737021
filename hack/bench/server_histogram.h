// ServerHistogram: one series of a Prometheus histogram read from the
// server's own /metrics (e.g. apiserver_request_duration_seconds for
// verb="patch", resource="deployments"), so that a benchmark can report the
// server-side latency of exactly the requests it sent: scrape before, scrape
// after, subtract, and read quantiles from the difference.
#ifndef EKSLITE_HACK_BENCH_SERVER_HISTOGRAM_H_
#define EKSLITE_HACK_BENCH_SERVER_HISTOGRAM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "hack/bench/api_client.h"

namespace ekslite::bench {

class ServerHistogram {
 public:
  // Parses the series of histogram `name` whose labels include every one of
  // `labels` (`verb="patch"` pairs, as written in the exposition) from the
  // Prometheus text `exposition`. A series that has not been observed yet
  // is an empty histogram, not an error.
  static ServerHistogram Parse(std::string_view exposition, const std::string& name,
                               const std::vector<std::string>& labels);

  // GET /metrics on `client`, then Parse. kInternal for a non-200 answer.
  static StatusOr<ServerHistogram> Scrape(ApiClient& client, const std::string& name,
                                          const std::vector<std::string>& labels);

  // The observations made between `earlier` and this one (same series).
  ServerHistogram Since(const ServerHistogram& earlier) const;

  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  // The `q` quantile (0..1) with linear interpolation inside its bucket, as
  // Prometheus' histogram_quantile does; 0 when empty. A quantile in the
  // +Inf bucket is reported as the largest finite bound.
  double Quantile(double q) const;
  // The share of observations at or below `bound`, which must be one of the
  // histogram's bounds (else the next larger bound is used).
  double FractionAtMost(double bound) const;

 private:
  std::vector<std::pair<double, uint64_t>> buckets_;  // cumulative, by upper bound; +Inf last
  uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_SERVER_HISTOGRAM_H_
