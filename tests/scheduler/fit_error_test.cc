#include "scheduler/fit_error.h"

#include <gtest/gtest.h>

namespace ekslite::scheduler {
namespace {

TEST(FitErrorTest, HistogramIsSortedAsStrings) {
  Diagnosis d;
  for (int i = 0; i < 10; ++i) {
    d.node_status["c" + std::to_string(i)] = FilterResult::Unschedulable("Insufficient cpu");
  }
  d.node_status["t1"] = FilterResult::Unresolvable("node(s) had untolerated taint {a: b}");
  d.node_status["t2"] = FilterResult::Unresolvable("node(s) had untolerated taint {a: b}");
  d.postfilter_message =
      "preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, "
      "2 Preemption is not helpful for scheduling";
  // "10 ..." sorts before "2 ...".
  EXPECT_EQ(FitErrorMessage(12, d),
            "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint "
            "{a: b}. preemption: 0/12 nodes are available: 10 No preemption victims found for "
            "incoming pod, 2 Preemption is not helpful for scheduling.");
}

TEST(FitErrorTest, EachReasonOfANodeCounts) {
  Diagnosis d;
  d.node_status["n1"] = {FilterCode::kUnschedulable, {"Insufficient cpu", "Insufficient memory"}};
  d.node_status["n2"] = {FilterCode::kUnschedulable, {"Insufficient memory"}};
  EXPECT_EQ(FitErrorMessage(2, d),
            "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.");
}

TEST(FitErrorTest, PreFilterMessageReplacesTheHistogram) {
  Diagnosis d;
  d.prefilter_message = "pod has unbound immediate PersistentVolumeClaims";
  d.node_status["n1"] = FilterResult::Unschedulable("x");
  EXPECT_EQ(FitErrorMessage(1, d),
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
}

}  // namespace
}  // namespace ekslite::scheduler
