#include "hack/bench/server_histogram.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace ekslite::bench {
namespace {

// True when the label set `{a="x",b="y"}` contains every one of `wanted`.
bool HasLabels(std::string_view label_set, const std::vector<std::string>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& label) {
    return label_set.find(label) != std::string_view::npos;
  });
}

double ParseValue(std::string_view text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  return std::strtod(std::string(text).c_str(), nullptr);
}

}  // namespace

ServerHistogram ServerHistogram::Parse(std::string_view exposition, const std::string& name,
                                       const std::vector<std::string>& labels) {
  ServerHistogram h;
  size_t pos = 0;
  while (pos < exposition.size()) {
    size_t end = exposition.find('\n', pos);
    if (end == std::string_view::npos) end = exposition.size();
    const std::string_view line = exposition.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind(name, 0) != 0) continue;
    const std::string_view rest = line.substr(name.size());
    const size_t open = rest.find('{'), close = rest.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos) continue;
    const std::string_view suffix = rest.substr(0, open);
    const std::string_view label_set = rest.substr(open, close - open + 1);
    if (!HasLabels(label_set, labels)) continue;
    const std::string_view value = rest.substr(close + 2);
    if (suffix == "_bucket") {
      const size_t le = label_set.find("le=\"");
      if (le == std::string_view::npos) continue;
      const size_t le_end = label_set.find('"', le + 4);
      const double bound = ParseValue(label_set.substr(le + 4, le_end - le - 4));
      h.buckets_.emplace_back(bound, std::strtoull(std::string(value).c_str(), nullptr, 10));
    } else if (suffix == "_count") {
      h.count_ = std::strtoull(std::string(value).c_str(), nullptr, 10);
    } else if (suffix == "_sum") {
      h.sum_ = ParseValue(value);
    }
  }
  std::sort(h.buckets_.begin(), h.buckets_.end());
  return h;
}

StatusOr<ServerHistogram> ServerHistogram::Scrape(ApiClient& client, const std::string& name,
                                                  const std::vector<std::string>& labels) {
  EKS_ASSIGN_OR_RETURN(Reply reply, client.Send("GET", "/metrics"));
  if (reply.status != 200) return Status::Internal("/metrics answered " + reply.body);
  return Parse(reply.body, name, labels);
}

ServerHistogram ServerHistogram::Since(const ServerHistogram& earlier) const {
  ServerHistogram d = *this;
  for (auto& [bound, n] : d.buckets_) {
    for (const auto& [b, m] : earlier.buckets_) {
      if (b == bound) n -= m;
    }
  }
  d.count_ -= earlier.count_;
  d.sum_ -= earlier.sum_;
  return d;
}

double ServerHistogram::Quantile(double q) const {
  if (count_ == 0 || buckets_.empty()) return 0;
  const double rank = q * static_cast<double>(count_);
  double lower = 0;
  uint64_t below = 0;
  for (const auto& [bound, cumulative] : buckets_) {
    if (static_cast<double>(cumulative) >= rank) {
      if (bound == std::numeric_limits<double>::infinity()) return lower;
      const uint64_t in_bucket = cumulative - below;
      if (in_bucket == 0) return bound;
      return lower +
             (bound - lower) * (rank - static_cast<double>(below)) / static_cast<double>(in_bucket);
    }
    lower = bound;
    below = cumulative;
  }
  return lower;
}

double ServerHistogram::FractionAtMost(double bound) const {
  if (count_ == 0) return 0;
  for (const auto& [b, cumulative] : buckets_) {
    if (b >= bound) return static_cast<double>(cumulative) / static_cast<double>(count_);
  }
  return 1;
}

}  // namespace ekslite::bench
