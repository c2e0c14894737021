#include "scheduler/fit_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace ekslite::scheduler {

std::string ReasonHistogram(const std::map<std::string, int>& counts) {
  std::vector<std::string> items;
  for (const auto& [reason, n] : counts) items.push_back(fmt::format("{} {}", n, reason));
  std::sort(items.begin(), items.end());
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string ReasonHistogram(const std::map<std::string, FilterResult>& statuses) {
  std::map<std::string, int> counts;
  for (const auto& [node, status] : statuses) {
    for (const std::string& reason : status.reasons) ++counts[reason];
  }
  return ReasonHistogram(counts);
}

std::string FitErrorMessage(int num_all_nodes, const Diagnosis& diagnosis) {
  std::string msg = fmt::format("0/{} nodes are available:", num_all_nodes);
  if (!diagnosis.prefilter_message.empty()) {
    msg += " " + diagnosis.prefilter_message + ".";
  } else {
    std::string histogram = ReasonHistogram(diagnosis.node_status);
    if (!histogram.empty()) msg += " " + histogram + ".";
  }
  if (!diagnosis.postfilter_message.empty()) msg += " " + diagnosis.postfilter_message + ".";
  return msg;
}

}  // namespace ekslite::scheduler
