#include "core/client/leader_election.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "tests/core/client/test_cluster.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::TestCluster;

struct Callbacks {
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  std::mutex mu;
  std::vector<std::string> leaders;
};

// Short durations keep the test fast; the rules are the same as with the
// defaults (15 s / 10 s / 2 s).
LeaderElectionOptions Options(const std::string& identity, Callbacks& cb) {
  LeaderElectionOptions o;
  o.lease_namespace = "kube-system";
  o.lease_name = "test-lock";
  o.identity = identity;
  o.lease_duration = 1s;
  o.renew_deadline = 600ms;
  o.retry_period = 100ms;
  o.on_started_leading = [&cb] { ++cb.started; };
  o.on_stopped_leading = [&cb] { ++cb.stopped; };
  o.on_new_leader = [&cb](const std::string& id) {
    std::lock_guard<std::mutex> lock(cb.mu);
    cb.leaders.push_back(id);
  };
  return o;
}

class LeaderElectionTest : public ::testing::Test {
 protected:
  std::unique_ptr<LeaderElector> New(LeaderElectionOptions o) {
    auto e = LeaderElector::Create(cluster_.client(), std::move(o));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return std::move(*e);
  }
  Json Lease() {
    return *cluster_.client().Resource(resources::kLeases, "kube-system").Get("test-lock");
  }
  TestCluster cluster_;
};

TEST_F(LeaderElectionTest, OneLeaderAndAHandoverOnRelease) {
  Callbacks a_cb, b_cb;
  // A lease long enough that waiting for it to expire cannot pass for a
  // hand-over.
  LeaderElectionOptions a_options = Options("a", a_cb);
  LeaderElectionOptions b_options = Options("b", b_cb);
  a_options.lease_duration = b_options.lease_duration = 3s;
  auto a = New(a_options);
  auto b = New(b_options);
  a->Start();
  ASSERT_TRUE(Eventually([&] { return a->IsLeader(); }));
  b->Start();
  ASSERT_TRUE(Eventually([&] { return b->Leader() == "a"; }));
  std::this_thread::sleep_for(1500ms);  // many renewals
  EXPECT_TRUE(a->IsLeader());
  EXPECT_FALSE(b->IsLeader());
  EXPECT_EQ(a_cb.started.load(), 1);
  EXPECT_EQ(b_cb.started.load(), 0);
  Json lease = Lease();
  EXPECT_EQ(StringAt(lease, "spec.holderIdentity"), "a");
  EXPECT_EQ(IntAt(lease, "spec.leaseDurationSeconds"), 3);
  EXPECT_EQ(IntAt(lease, "spec.leaseTransitions"), 0);
  EXPECT_FALSE(StringAt(lease, "spec.renewTime").empty());

  auto released_at = std::chrono::steady_clock::now();
  a->Stop();  // releases: b need not wait for the lease to expire
  EXPECT_FALSE(a->IsLeader());
  EXPECT_EQ(a_cb.stopped.load(), 1);
  ASSERT_TRUE(Eventually([&] { return b->IsLeader(); }));
  EXPECT_LT(std::chrono::steady_clock::now() - released_at, 2s);
  ASSERT_TRUE(Eventually([&] { return b_cb.started.load() == 1; }));
  lease = Lease();
  EXPECT_EQ(StringAt(lease, "spec.holderIdentity"), "b");
  EXPECT_EQ(IntAt(lease, "spec.leaseTransitions"), 1);
  {
    std::lock_guard<std::mutex> lock(b_cb.mu);
    ASSERT_GE(b_cb.leaders.size(), 2u);
    EXPECT_EQ(b_cb.leaders.front(), "a");
    EXPECT_EQ(b_cb.leaders.back(), "b");
  }
  b->Stop();
  EXPECT_EQ(b_cb.stopped.load(), 1);
}

TEST_F(LeaderElectionTest, ExpiredLeaseIsTakenOver) {
  Callbacks a_cb, b_cb;
  LeaderElectionOptions crashing = Options("a", a_cb);
  crashing.release_on_stop = false;  // as if the process died
  auto a = New(crashing);
  auto b = New(Options("b", b_cb));
  a->Start();
  ASSERT_TRUE(Eventually([&] { return a->IsLeader(); }));
  b->Start();
  ASSERT_TRUE(Eventually([&] { return b->Leader() == "a"; }));
  auto stopped_at = std::chrono::steady_clock::now();
  a->Stop();
  ASSERT_TRUE(Eventually([&] { return b->IsLeader(); }));
  // b waited for the lease (1 s) to expire on its own clock.
  EXPECT_GE(std::chrono::steady_clock::now() - stopped_at, 800ms);
  EXPECT_EQ(StringAt(Lease(), "spec.holderIdentity"), "b");
  EXPECT_EQ(IntAt(Lease(), "spec.leaseTransitions"), 1);
}

TEST_F(LeaderElectionTest, OptionsAreValidated) {
  Callbacks cb;
  LeaderElectionOptions o = Options("a", cb);
  o.renew_deadline = 1s;  // not shorter than the lease
  EXPECT_EQ(LeaderElector::Create(cluster_.client(), o).status().code(), Code::kInvalid);
  o = Options("a", cb);
  o.retry_period = 500ms;  // 1.2 * retry > renew deadline
  EXPECT_EQ(LeaderElector::Create(cluster_.client(), o).status().code(), Code::kInvalid);
  o = Options("", cb);
  EXPECT_EQ(LeaderElector::Create(cluster_.client(), o).status().code(), Code::kInvalid);
  LeaderElectionOptions defaults;
  defaults.lease_name = "x";
  defaults.identity = "y";
  EXPECT_TRUE(LeaderElector::Create(cluster_.client(), defaults).ok());
}

}  // namespace
}  // namespace ekslite::client
