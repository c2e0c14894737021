#include "core/metrics.h"

#include <cstdio>

namespace ekslite {
namespace {

void AddDouble(std::atomic<double>& target, double delta) {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + delta, std::memory_order_relaxed)) {
  }
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// `{a="x",b="y"` (no closing brace; callers add more labels or close it).
std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (i > 0) out += ",";
    out += names[i] + "=\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += "\"";
  }
  return out;
}

void Header(const std::string& name, const std::string& help, const char* type, std::string* out) {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

CounterVec::CounterVec(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}

void CounterVec::Add(const std::vector<std::string>& label_values, double delta) {
  std::atomic<double>* series;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = series_[label_values];
    if (!slot) slot = std::make_unique<std::atomic<double>>(0);
    series = slot.get();
  }
  AddDouble(*series, delta);
}

void CounterVec::Render(std::string* out) const {
  Header(name_, help_, "counter", out);
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [values, v] : series_) {
    *out += name_ + Labels(labels_, values) + "} " + Number(v->load()) + "\n";
  }
}

HistogramVec::HistogramVec(std::string name, std::string help, std::vector<std::string> labels,
                           std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      labels_(std::move(labels)),
      bounds_(std::move(bounds)) {}

HistogramVec::Series* HistogramVec::Get(const std::vector<std::string>& label_values) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = series_[label_values];
  if (!slot) slot = std::make_unique<Series>(bounds_.size() + 1);
  return slot.get();
}

void HistogramVec::Observe(const std::vector<std::string>& label_values, double value) {
  Series* s = Get(label_values);
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  s->buckets[i].fetch_add(1, std::memory_order_relaxed);
  AddDouble(s->sum, value);
  s->count.fetch_add(1, std::memory_order_relaxed);
}

void HistogramVec::Render(std::string* out) const {
  Header(name_, help_, "histogram", out);
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [values, s] : series_) {
    std::string labels = Labels(labels_, values);
    std::string sep = values.empty() ? "" : ",";
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += s->buckets[i].load();
      std::string le = i < bounds_.size() ? Number(bounds_[i]) : "+Inf";
      *out += name_ + "_bucket" + labels + sep + "le=\"" + le + "\"} " +
              std::to_string(cumulative) + "\n";
    }
    *out += name_ + "_sum" + labels + "} " + Number(s->sum.load()) + "\n";
    *out += name_ + "_count" + labels + "} " + std::to_string(s->count.load()) + "\n";
  }
}

Metrics& Metrics::Global() {
  static Metrics metrics;
  return metrics;
}

CounterVec* Metrics::Counter(const std::string& name, const std::string& help,
                             std::vector<std::string> labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = counters_[name];
  if (!slot) slot = std::make_unique<CounterVec>(name, help, std::move(labels));
  return slot.get();
}

HistogramVec* Metrics::Histogram(const std::string& name, const std::string& help,
                                 std::vector<std::string> labels, std::vector<double> bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = histograms_[name];
  if (!slot)
    slot = std::make_unique<HistogramVec>(name, help, std::move(labels), std::move(bounds));
  return slot.get();
}

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, c] : counters_) c->Render(&out);
  for (const auto& [name, h] : histograms_) h->Render(&out);
  return out;
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064,
          0.128,  0.256,   0.512,  1,     2,     4,     8,     15,    30,    60};
}

}  // namespace ekslite
