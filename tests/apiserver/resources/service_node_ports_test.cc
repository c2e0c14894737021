#include "apiserver/resources/service_node_ports.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/testing/fake_clock.h"

namespace ekslite::apiserver {
namespace {

class ServiceNodePortsTest : public ::testing::Test {
 protected:
  ServiceNodePortsTest() : ports_(clock_) {
    ports_.SetUsedSource([this](const std::function<void(int64_t)>& visit) {
      for (int64_t p : stored_) visit(p);
    });
  }

  // Runs AssignNodePorts on `spec_json` (with `old_json` as the stored spec
  // when not empty); returns the error message, or "" and the result in *out.
  std::string Assign(const std::string& spec_json, const std::string& old_json = "",
                     std::string* out = nullptr) {
    auto spec = ParseJson(spec_json);
    EXPECT_TRUE(spec.ok());
    Json old;
    if (!old_json.empty()) old = std::move(*ParseJson(old_json));
    Status s = AssignNodePorts(*spec, old_json.empty() ? nullptr : &old, &ports_, "web",
                               spec->GetAllocator());
    if (out != nullptr) *out = ToJsonString(*spec);
    return s.ok() ? "" : s.message();
  }

  testing::FakeClock clock_;
  NodePortAllocator ports_;
  std::vector<int64_t> stored_;
};

TEST_F(ServiceNodePortsTest, AllocatesDistinctPortsInRange) {
  std::string out;
  ASSERT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80},{"port":81}]})", "", &out), "");
  auto doc = ParseJson(out);
  int64_t a = IntAt((*doc)["ports"][0], "nodePort").value_or(0);
  int64_t b = IntAt((*doc)["ports"][1], "nodePort").value_or(0);
  EXPECT_GE(a, 30000);
  EXPECT_LE(a, 32767);
  EXPECT_GE(b, 30000);
  EXPECT_NE(a, b);
}

TEST_F(ServiceNodePortsTest, RefusesPortsOfOtherServicesAndOutOfRange) {
  stored_ = {30080};
  EXPECT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":30080}]})"),
            "Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided "
            "port is already allocated");
  EXPECT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":80}]})"),
            "Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided "
            "port is not in the valid range. The range of valid ports is 30000-32767");
  EXPECT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":30001},)"
                   R"({"port":81,"nodePort":30001}]})"),
            "Service \"web\" is invalid: spec.ports[1].nodePort: Duplicate value: 30001");
}

TEST_F(ServiceNodePortsTest, AnUpdateKeepsItsOwnPorts) {
  stored_ = {30080};
  EXPECT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":30080}]})",
                   R"({"type":"NodePort","ports":[{"port":80,"nodePort":30080}]})"),
            "");
}

TEST_F(ServiceNodePortsTest, HandedOutPortsAreHeldUntilStored) {
  ASSERT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":31000}]})"), "");
  EXPECT_NE(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":31000}]})"), "");
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(Assign(R"({"type":"NodePort","ports":[{"port":80,"nodePort":31000}]})"), "");
}

TEST_F(ServiceNodePortsTest, LoadBalancersMayGoWithoutNodePorts) {
  std::string out;
  ASSERT_EQ(Assign(R"({"type":"LoadBalancer","allocateLoadBalancerNodePorts":false,)"
                   R"("ports":[{"port":80}]})",
                   "", &out),
            "");
  EXPECT_EQ(out, R"({"type":"LoadBalancer","allocateLoadBalancerNodePorts":false,)"
                 R"("ports":[{"port":80}]})");
  ASSERT_EQ(Assign(R"({"type":"ClusterIP","ports":[{"port":80}]})", "", &out), "");
  EXPECT_EQ(out, R"({"type":"ClusterIP","ports":[{"port":80}]})");
}

TEST(ServiceNodePortFieldsTest, LeavingNodePortDropsUnchangedNodePorts) {
  auto spec = ParseJson(R"({"type":"ClusterIP","externalTrafficPolicy":"Cluster",)"
                        R"("ports":[{"port":80,"nodePort":30080}]})");
  auto old = ParseJson(R"({"type":"NodePort","externalTrafficPolicy":"Cluster",)"
                       R"("ports":[{"port":80,"nodePort":30080}]})");
  DropNodePortFields(*spec, *old);
  EXPECT_EQ(ToJsonString(*spec), R"({"type":"ClusterIP","ports":[{"port":80}]})");
}

TEST(ServiceNodePortFieldsTest, ReplacingWithoutNodePortsKeepsThemByPortName) {
  auto spec = ParseJson(R"({"type":"NodePort","ports":[{"name":"a","port":80},)"
                        R"({"name":"b","port":81}]})");
  auto old = ParseJson(R"({"type":"NodePort","ports":[{"name":"b","port":81,"nodePort":30002},)"
                       R"({"name":"a","port":80,"nodePort":30001}]})");
  KeepNodePorts(*spec, *old, spec->GetAllocator());
  EXPECT_EQ(ToJsonString(*spec), R"({"type":"NodePort","ports":[{"name":"a","port":80,)"
                                  R"("nodePort":30001},{"name":"b","port":81,"nodePort":30002}]})");
}

}  // namespace
}  // namespace ekslite::apiserver
