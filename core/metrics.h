// Metrics in the Prometheus text format: counters and histograms keyed by
// label values, rendered at /metrics. Updates are lock-free per series after
// its first use; thread-safe.
#ifndef EKSLITE_CORE_METRICS_H_
#define EKSLITE_CORE_METRICS_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ekslite {

// A family of counters sharing a name and label names.
class CounterVec {
 public:
  CounterVec(std::string name, std::string help, std::vector<std::string> labels);
  void Add(const std::vector<std::string>& label_values, double delta = 1);
  void Render(std::string* out) const;

 private:
  const std::string name_, help_;
  const std::vector<std::string> labels_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<std::atomic<double>>>
      series_;  // GUARDED_BY(mu_)
};

// A family of histograms with fixed upper bounds (seconds, or any unit).
class HistogramVec {
 public:
  HistogramVec(std::string name, std::string help, std::vector<std::string> labels,
               std::vector<double> bounds);
  void Observe(const std::vector<std::string>& label_values, double value);
  void Render(std::string* out) const;

 private:
  struct Series {
    explicit Series(size_t n) : buckets(n) {}
    std::vector<std::atomic<uint64_t>> buckets;  // one per bound, then +Inf
    std::atomic<double> sum{0};
    std::atomic<uint64_t> count{0};
  };
  Series* Get(const std::vector<std::string>& label_values);

  const std::string name_, help_;
  const std::vector<std::string> labels_;
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;  // GUARDED_BY(mu_)
};

// The process's metrics. Families register once and live forever.
class Metrics {
 public:
  static Metrics& Global();
  CounterVec* Counter(const std::string& name, const std::string& help,
                      std::vector<std::string> labels);
  HistogramVec* Histogram(const std::string& name, const std::string& help,
                          std::vector<std::string> labels, std::vector<double> bounds);
  // The Prometheus text exposition of every family.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<CounterVec>> counters_;      // GUARDED_BY(mu_)
  std::map<std::string, std::unique_ptr<HistogramVec>> histograms_;  // GUARDED_BY(mu_)
};

// Latency buckets fine enough for sub-millisecond requests: 0.1 ms to 60 s.
std::vector<double> LatencyBuckets();

}  // namespace ekslite

#endif  // EKSLITE_CORE_METRICS_H_
