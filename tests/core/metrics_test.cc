#include "core/metrics.h"

#include <gtest/gtest.h>

namespace ekslite {
namespace {

TEST(MetricsTest, HistogramsRenderCumulativeBuckets) {
  HistogramVec h("req_seconds", "Request latency.", {"verb"}, {0.001, 0.01});
  h.Observe({"GET"}, 0.0005);
  h.Observe({"GET"}, 0.005);
  h.Observe({"GET"}, 5);
  std::string out;
  h.Render(&out);
  EXPECT_NE(out.find("# TYPE req_seconds histogram"), std::string::npos);
  EXPECT_NE(out.find("req_seconds_bucket{verb=\"GET\",le=\"0.001\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("req_seconds_bucket{verb=\"GET\",le=\"0.01\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("req_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(out.find("req_seconds_count{verb=\"GET\"} 3\n"), std::string::npos);
}

TEST(MetricsTest, CountersEscapeLabelValues) {
  CounterVec c("req_total", "Requests.", {"path"});
  c.Add({"a\"b"});
  c.Add({"a\"b"}, 2);
  std::string out;
  c.Render(&out);
  EXPECT_NE(out.find("req_total{path=\"a\\\"b\"} 3\n"), std::string::npos);
}

}  // namespace
}  // namespace ekslite
