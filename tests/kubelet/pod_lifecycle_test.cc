// The lifecycle rules, on the simulated runtime, in virtual time: no
// threads, no API — each test builds a pod, advances its lifecycle to chosen
// times and reads the status it would write.
#include "kubelet/pod_lifecycle.h"

#include <gtest/gtest.h>

#include "kubelet/pod_status.h"
#include "kubelet/simulated_runtime.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::kubelet {
namespace {

using namespace std::chrono_literals;

class PodLifecycleTest : public ::testing::Test {
 protected:
  // A pod with `spec` (JSON members of spec) and `annotations` (JSON object).
  void MakePod(const std::string& spec, const std::string& annotations = "{}") {
    auto parsed = ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web",)"
                            R"("namespace":"default","uid":"u-1","annotations":)" +
                            annotations + R"(},"spec":{"nodeName":"n0",)" + spec + "}}");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    pod_ = std::move(*parsed);
    start_ = clock_.Now();
    life_ = std::make_unique<PodLifecycle>(pod_, start_);
  }

  // Advances to start + `t` and returns the status the node would write.
  Json At(Clock::duration t) {
    events_.clear();
    life_->Advance(pod_, *runtime_, start_ + t, &events_);
    Json doc(rapidjson::kObjectType);
    JsonValue status =
        BuildPodStatus(pod_, *life_, {"172.16.0.1", "10.244.0.2"}, doc.GetAllocator());
    doc.CopyFrom(status, doc.GetAllocator());
    return doc;
  }

  std::vector<std::string> Reasons() const {
    std::vector<std::string> reasons;
    for (const PodEvent& e : events_) reasons.push_back(e.reason);
    return reasons;
  }

  static std::string Condition(const JsonValue& status, std::string_view type,
                               std::string_view field = "status") {
    for (const JsonValue& c : (*Path(status, "conditions")).GetArray()) {
      if (StringAt(c, "type") == type) return std::string(StringAt(c, field));
    }
    return "<none>";
  }

  static const JsonValue& Container(const JsonValue& status, int i = 0,
                                    std::string_view list = "containerStatuses") {
    return (*Member(status, list))[i];
  }

  testing::FakeClock clock_;
  std::unique_ptr<Runtime> runtime_ = NewSimulatedRuntime();
  Json pod_;
  Clock::time_point start_;
  std::unique_ptr<PodLifecycle> life_;
  std::vector<PodEvent> events_;
};

constexpr const char* kWeb = R"("containers":[{"name":"web","image":"nginx:1.27"}])";

TEST_F(PodLifecycleTest, AlwaysContainerRunsUntilDeleted) {
  MakePod(kWeb);
  Json s = At(0s);
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_EQ(StringAt(s, "podIP"), "10.244.0.2");
  EXPECT_EQ(StringAt(s, "hostIP"), "172.16.0.1");
  EXPECT_FALSE(StringAt(s, "startTime").empty());
  const JsonValue& c = Container(s);
  EXPECT_NE(Path(c, "state.running.startedAt"), nullptr);
  EXPECT_TRUE(Member(c, "ready")->GetBool());
  EXPECT_EQ(IntAt(c, "restartCount"), 0);
  EXPECT_EQ(StringAt(c, "image"), "nginx:1.27");
  EXPECT_EQ(StringAt(c, "imageID").substr(0, 31), "docker.io/library/nginx@sha256:");
  EXPECT_EQ(StringAt(c, "containerID").substr(0, 6), "sim://");
  for (const char* type :
       {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
    EXPECT_EQ(Condition(s, type), "True") << type;
  }
  EXPECT_EQ(Reasons(), (std::vector<std::string>{"Pulled", "Created", "Started"}));
  EXPECT_EQ(events_[0].message, "Container image \"nginx:1.27\" already present on machine");
  EXPECT_EQ(events_[1].message, "Created container: web");
  EXPECT_EQ(events_[2].message, "Started container web");
  EXPECT_EQ(life_->next_wakeup(), Clock::time_point::max());
  Json later = At(24h);
  EXPECT_EQ(ToJsonString(later), ToJsonString(s));
  EXPECT_TRUE(events_.empty());
}

TEST_F(PodLifecycleTest, NeverPodExitsWithAnnotatedCodeAndFails) {
  MakePod(std::string(R"("restartPolicy":"Never",)") + kWeb,
          R"({"sim.ekslite.io/exit-after":"3s","sim.ekslite.io/exit-code":"2"})");
  EXPECT_EQ(StringAt(At(2s), "phase"), "Running");
  EXPECT_EQ(life_->next_wakeup(), start_ + 3s);
  Json s = At(3s);
  EXPECT_EQ(StringAt(s, "phase"), "Failed");
  const JsonValue& c = Container(s);
  EXPECT_EQ(IntAt(c, "state.terminated.exitCode"), 2);
  EXPECT_EQ(StringAt(c, "state.terminated.reason"), "Error");
  EXPECT_FALSE(Member(c, "ready")->GetBool());
  EXPECT_EQ(Condition(s, "Ready"), "False");
  EXPECT_EQ(Condition(s, "Ready", "reason"), "PodCompleted");
  EXPECT_EQ(life_->next_wakeup(), Clock::time_point::max());
}

TEST_F(PodLifecycleTest, NeverPodByDefaultSucceedsAfterOneSecond) {
  MakePod(std::string(R"("restartPolicy":"Never",)") + kWeb);
  EXPECT_EQ(StringAt(At(999ms), "phase"), "Running");
  Json s = At(1s);
  EXPECT_EQ(StringAt(s, "phase"), "Succeeded");
  EXPECT_EQ(StringAt(Container(s), "state.terminated.reason"), "Completed");
  EXPECT_EQ(IntAt(Container(s), "state.terminated.exitCode"), 0);
}

TEST_F(PodLifecycleTest, OnFailureSucceedsOnZeroAndRestartsOnError) {
  MakePod(std::string(R"("restartPolicy":"OnFailure",)") + kWeb,
          R"({"sim.ekslite.io/exit-after":"1s"})");
  EXPECT_EQ(StringAt(At(1s), "phase"), "Succeeded");

  MakePod(std::string(R"("restartPolicy":"OnFailure",)") + kWeb,
          R"({"sim.ekslite.io/exit-after":"1s","sim.ekslite.io/exit-code":"1"})");
  Json s = At(1s);  // the first exit restarts at once
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_EQ(IntAt(Container(s), "restartCount"), 1);
  EXPECT_EQ(IntAt(Container(s), "lastState.terminated.exitCode"), 1);
  EXPECT_EQ(StringAt(Container(s), "lastState.terminated.reason"), "Error");
}

TEST_F(PodLifecycleTest, CrashLoopBackOffDoublesFromTenSecondsToFiveMinutes) {
  MakePod(kWeb, R"({"sim.ekslite.io/exit-after":"1s","sim.ekslite.io/exit-code":"1"})");
  At(0s);
  At(1s);           // first exit: restarted at once
  Json s = At(2s);  // second exit: back-off 10s
  const JsonValue& c = Container(s);
  EXPECT_EQ(StringAt(c, "state.waiting.reason"), "CrashLoopBackOff");
  EXPECT_EQ(StringAt(c, "state.waiting.message"),
            "back-off 10s restarting failed container=web pod=web_default(u-1)");
  EXPECT_EQ(IntAt(c, "restartCount"), 1);
  EXPECT_EQ(Reasons(), std::vector<std::string>{"BackOff"});
  EXPECT_EQ(events_[0].message, "Back-off restarting failed container web in pod web_default(u-1)");
  EXPECT_EQ(events_[0].type, "Warning");
  EXPECT_EQ(life_->next_wakeup(), start_ + 12s);
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_EQ(Condition(s, "Ready", "reason"), "ContainersNotReady");
  EXPECT_EQ(Condition(s, "Ready", "message"), "containers with unready status: [web]");

  EXPECT_EQ(IntAt(Container(At(12s)), "restartCount"), 2);
  EXPECT_EQ(Reasons(), (std::vector<std::string>{"Pulled", "Created", "Started"}));
  EXPECT_EQ(StringAt(Container(At(13s)), "state.waiting.message").substr(0, 11), "back-off 20");
  // 13+20=33 -> 34 exit, 40s; 74 -> 75, 80s; 155 -> 156, 160s; 316 -> 317, 5m0s.
  Json late = At(317s);
  EXPECT_EQ(IntAt(Container(late), "restartCount"), 6);
  EXPECT_EQ(StringAt(Container(late), "state.waiting.message").substr(0, 13), "back-off 5m0s");
  Json later = At(317s + 300s + 1s);
  EXPECT_EQ(StringAt(Container(later), "state.waiting.message").substr(0, 13), "back-off 5m0s");
}

// Conditions' transition times are when the node noticed; the containers'
// history does not depend on how often it looks.
TEST_F(PodLifecycleTest, OneBigStepGivesTheSameContainerHistoryAsManySmallOnes) {
  std::string annotations = R"({"sim.ekslite.io/exit-after":"1s","sim.ekslite.io/exit-code":"1"})";
  MakePod(kWeb, annotations);
  for (auto t = 0s; t <= 200s; t += 1s) At(t);
  Json small = At(200s);
  MakePod(kWeb, annotations);
  Json big = At(200s);
  EXPECT_EQ(ToJsonString(big["containerStatuses"]), ToJsonString(small["containerStatuses"]));
  EXPECT_EQ(StringAt(big, "phase"), StringAt(small, "phase"));
}

TEST_F(PodLifecycleTest, InitContainersRunFirstInOrder) {
  MakePod(R"("initContainers":[{"name":"a","image":"busybox"},)"
          R"({"name":"b","image":"busybox"}],)" +
              std::string(kWeb),
          R"({"sim.ekslite.io/exit-after.a":"2s","sim.ekslite.io/exit-after.b":"3s"})");
  Json s = At(1s);
  EXPECT_EQ(StringAt(s, "phase"), "Pending");
  EXPECT_EQ(Condition(s, "Initialized"), "False");
  EXPECT_EQ(Condition(s, "Initialized", "reason"), "ContainersNotInitialized");
  EXPECT_EQ(Condition(s, "Initialized", "message"), "containers with incomplete status: [a b]");
  EXPECT_NE(Path(Container(s, 0, "initContainerStatuses"), "state.running"), nullptr);
  EXPECT_EQ(StringAt(Container(s, 1, "initContainerStatuses"), "state.waiting.reason"),
            "PodInitializing");
  EXPECT_EQ(StringAt(Container(s), "state.waiting.reason"), "PodInitializing");
  s = At(4s);
  EXPECT_EQ(StringAt(s, "phase"), "Pending");
  EXPECT_EQ(StringAt(Container(s, 0, "initContainerStatuses"), "state.terminated.reason"),
            "Completed");
  s = At(5s);
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_EQ(Condition(s, "Initialized"), "True");
  EXPECT_EQ(StringAt(Container(s), "state.running.startedAt"),
            FormatRfc3339(start_ + 5s));  // b finished at 2s + 3s
}

TEST_F(PodLifecycleTest, FailedInitContainerFailsANeverPod) {
  MakePod(R"("restartPolicy":"Never","initContainers":[{"name":"a","image":"busybox"}],)" +
              std::string(kWeb),
          R"({"sim.ekslite.io/exit-code.a":"3"})");
  Json s = At(1s);
  EXPECT_EQ(StringAt(s, "phase"), "Failed");
  EXPECT_EQ(IntAt(Container(s, 0, "initContainerStatuses"), "state.terminated.exitCode"), 3);
}

TEST_F(PodLifecycleTest, SidecarKeepsRunningBesideTheApp) {
  MakePod(R"("initContainers":[{"name":"proxy","image":"envoy","restartPolicy":"Always"}],)" +
          std::string(kWeb));
  Json s = At(1s);
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_NE(Path(Container(s, 0, "initContainerStatuses"), "state.running"), nullptr);
  EXPECT_NE(Path(Container(s), "state.running"), nullptr);
  EXPECT_EQ(Condition(s, "Ready"), "True");
}

TEST_F(PodLifecycleTest, ReadinessProbeMakesTheContainerReadyAfterItsDelay) {
  MakePod(R"("containers":[{"name":"web","image":"nginx",)"
          R"("readinessProbe":{"initialDelaySeconds":5,"httpGet":{"port":80}}}])");
  Json s = At(1s);
  EXPECT_FALSE(Member(Container(s), "ready")->GetBool());
  EXPECT_EQ(Condition(s, "ContainersReady"), "False");
  EXPECT_EQ(life_->next_wakeup(), start_ + 5s);
  s = At(5s);
  EXPECT_TRUE(Member(Container(s), "ready")->GetBool());
  EXPECT_EQ(Condition(s, "Ready"), "True");
  EXPECT_EQ(Condition(s, "Ready", "lastTransitionTime"), FormatRfc3339(start_ + 5s));
}

TEST_F(PodLifecycleTest, StartupProbeHoldsBackStartedAndReady) {
  MakePod(R"("containers":[{"name":"web","image":"nginx",)"
          R"("startupProbe":{"initialDelaySeconds":8,"tcpSocket":{"port":80}},)"
          R"("readinessProbe":{"initialDelaySeconds":2,"tcpSocket":{"port":80}}}])");
  Json s = At(3s);
  EXPECT_FALSE(Member(Container(s), "started")->GetBool());
  EXPECT_FALSE(Member(Container(s), "ready")->GetBool());
  EXPECT_EQ(life_->next_wakeup(), start_ + 8s);
  s = At(8s);
  EXPECT_TRUE(Member(Container(s), "started")->GetBool());
  EXPECT_TRUE(Member(Container(s), "ready")->GetBool());
}

TEST_F(PodLifecycleTest, FailingLivenessProbeKillsAndRestartsTheContainer) {
  // Probes at 5 s, 7 s and 9 s fail: killed at 9 s, restarted at once.
  MakePod(R"("containers":[{"name":"web","image":"nginx",)"
          R"("livenessProbe":{"initialDelaySeconds":5,"periodSeconds":2,"failureThreshold":3,)"
          R"("httpGet":{"port":80}}}])",
          R"({"sim.ekslite.io/live":"false"})");
  Json s = At(8s);
  EXPECT_EQ(life_->next_wakeup(), start_ + 9s);
  EXPECT_EQ(IntAt(Container(s), "restartCount"), 0);
  s = At(9s);
  EXPECT_EQ(IntAt(Container(s), "restartCount"), 1);
  EXPECT_EQ(IntAt(Container(s), "lastState.terminated.exitCode"), 137);
  EXPECT_EQ(StringAt(Container(s), "lastState.terminated.reason"), "Error");
  std::vector<std::string> reasons = Reasons();
  ASSERT_GE(reasons.size(), 2u);
  EXPECT_EQ(reasons[0], "Unhealthy");
  EXPECT_EQ(reasons[1], "Killing");
  EXPECT_EQ(events_[1].message, "Container web failed liveness probe, will be restarted");
  // The second run is killed 9 s after its own start, and backs off then.
  s = At(18s);
  EXPECT_EQ(IntAt(Container(s), "restartCount"), 1);
  EXPECT_EQ(StringAt(Container(s), "state.waiting.reason"), "CrashLoopBackOff");
}

TEST_F(PodLifecycleTest, LivenessKillEndsANeverPodFailed) {
  MakePod(R"("restartPolicy":"Never","containers":[{"name":"web","image":"nginx",)"
          R"("livenessProbe":{"periodSeconds":1,"failureThreshold":1,"exec":{"command":["true"]}}}])",
          R"({"sim.ekslite.io/live":"false","sim.ekslite.io/exit-after":"1h"})");
  Json s = At(1s);
  EXPECT_EQ(StringAt(s, "phase"), "Failed");
  EXPECT_EQ(IntAt(Container(s), "state.terminated.exitCode"), 137);
  EXPECT_EQ(events_.back().message, "Container web failed liveness probe");
}

TEST_F(PodLifecycleTest, ReadyAnnotationFalseKeepsThePodUnready) {
  MakePod(kWeb, R"({"sim.ekslite.io/ready":"false"})");
  Json s = At(1h);
  EXPECT_EQ(StringAt(s, "phase"), "Running");
  EXPECT_EQ(Condition(s, "Ready"), "False");
}

TEST_F(PodLifecycleTest, ReadinessGatesHoldReadyAndForeignConditionsAreKept) {
  MakePod(R"("readinessGates":[{"conditionType":"example.com/lb"}],)" + std::string(kWeb));
  Json s = At(1s);
  EXPECT_EQ(Condition(s, "ContainersReady"), "True");
  EXPECT_EQ(Condition(s, "Ready"), "False");
  EXPECT_EQ(Condition(s, "Ready", "reason"), "ReadinessGatesNotReady");
  EXPECT_EQ(Condition(s, "Ready", "message"),
            "corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");
  auto status = ParseJson(R"({"conditions":[{"type":"example.com/lb","status":"True"}]})");
  JsonValue copy;
  copy.CopyFrom(*status, pod_.GetAllocator());
  pod_.AddMember("status", copy, pod_.GetAllocator());
  s = At(2s);
  EXPECT_EQ(Condition(s, "Ready"), "True");
  EXPECT_EQ(Condition(s, "example.com/lb"), "True");
}

TEST_F(PodLifecycleTest, AdoptCarriesOnFromTheWrittenStatus) {
  MakePod(kWeb, R"({"sim.ekslite.io/exit-after":"1s","sim.ekslite.io/exit-code":"1"})");
  Json before = At(12500ms);  // restarted twice, running since 12s
  JsonValue& status = pod_.AddMember("status", JsonValue(), pod_.GetAllocator())["status"];
  status.CopyFrom(before, pod_.GetAllocator());
  PodLifecycle adopted = PodLifecycle::Adopt(pod_, start_);
  std::vector<PodEvent> events;
  adopted.Advance(pod_, *runtime_, start_ + 12500ms, &events);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(adopted.runs()[0].restart_count, 2);
  EXPECT_EQ(adopted.runs()[0].state, ContainerRun::State::kRunning);
  EXPECT_EQ(adopted.next_wakeup(), start_ + 13s);
}

TEST(FormatGoSecondsTest, MatchesGoDurationText) {
  EXPECT_EQ(FormatGoSeconds(10s), "10s");
  EXPECT_EQ(FormatGoSeconds(80s), "1m20s");
  EXPECT_EQ(FormatGoSeconds(300s), "5m0s");
}

}  // namespace
}  // namespace ekslite::kubelet
