#include "hack/bench/latency_samples.h"

#include <algorithm>
#include <cmath>

namespace ekslite::bench {

void LatencySamples::Add(std::chrono::steady_clock::duration latency) {
  AddMicros(std::chrono::duration_cast<std::chrono::microseconds>(latency).count());
}

void LatencySamples::Merge(const LatencySamples& other) {
  us_.insert(us_.end(), other.us_.begin(), other.us_.end());
  sorted_ = false;
}

void LatencySamples::Sort() {
  if (sorted_) return;
  std::sort(us_.begin(), us_.end());
  sorted_ = true;
}

int64_t LatencySamples::PercentileMicros(double p) {
  if (us_.empty()) return 0;
  Sort();
  // Nearest rank: the smallest sample with at least p of all samples at or below it.
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(us_.size())));
  return us_[std::clamp<size_t>(rank, 1, us_.size()) - 1];
}

int64_t LatencySamples::MaxMicros() {
  if (us_.empty()) return 0;
  Sort();
  return us_.back();
}

std::string LatencySamples::Summary(const std::string& prefix) {
  return prefix + "p50_us=" + std::to_string(PercentileMicros(0.50)) + " " + prefix +
         "p99_us=" + std::to_string(PercentileMicros(0.99)) + " " + prefix +
         "p999_us=" + std::to_string(PercentileMicros(0.999)) + " " + prefix +
         "max_us=" + std::to_string(MaxMicros());
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

}  // namespace ekslite::bench
