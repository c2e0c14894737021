// LatencySamples: every recorded latency of a benchmark case, so that
// percentiles are read from the samples themselves (no histogram buckets).
// Not thread-safe: record per thread, then Merge.
#ifndef EKSLITE_HACK_BENCH_LATENCY_SAMPLES_H_
#define EKSLITE_HACK_BENCH_LATENCY_SAMPLES_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace ekslite::bench {

class LatencySamples {
 public:
  void Add(std::chrono::steady_clock::duration latency);
  void AddMicros(int64_t us) {
    us_.push_back(us);
    sorted_ = false;
  }
  void Merge(const LatencySamples& other);

  size_t size() const { return us_.size(); }
  // The nearest-rank percentile (`p` in [0, 1]) in microseconds; 0 when empty.
  int64_t PercentileMicros(double p);
  int64_t MaxMicros();

  // "p50_us=.. p99_us=.. p999_us=.. max_us=.." for the key=value output lines,
  // each key prefixed with `prefix`.
  std::string Summary(const std::string& prefix = "");

 private:
  void Sort();

  std::vector<int64_t> us_;
  bool sorted_ = true;
};

// The median of `values` (the lower middle one for an even count); 0 when empty.
double Median(std::vector<double> values);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_LATENCY_SAMPLES_H_
