#include "core/client/event_recorder.h"

#include <gtest/gtest.h>

#include "tests/core/client/test_cluster.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using testing::TestCluster;

class EventRecorderTest : public ::testing::Test {
 protected:
  EventRecorderTest() {
    recorder_ = NewEventRecorder(
        cluster_.client(), {.component = "default-scheduler", .host = "node-a", .clock = &clock_});
  }

  Json CreatePod(const std::string& name) {
    auto pod = cluster_.client()
                   .Resource(resources::kPods, "default")
                   .Create(testing::PodJson("default", name));
    EXPECT_TRUE(pod.ok()) << pod.status().ToString();
    return std::move(*pod);
  }

  std::vector<ObjectPtr> Events(const std::string& ns) {
    auto list = cluster_.client().Resource(resources::kEvents, ns).List();
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? list->items : std::vector<ObjectPtr>{};
  }

  TestCluster cluster_;
  testing::FakeClock clock_;
  std::unique_ptr<EventRecorder> recorder_;
};

TEST_F(EventRecorderTest, WritesAnEventAboutTheObject) {
  Json pod = CreatePod("web");
  recorder_->Event(pod, kEventNormal, "Scheduled", "Successfully assigned default/web to n1");
  recorder_->Flush();
  auto events = Events("default");
  ASSERT_EQ(events.size(), 1u);
  const JsonValue& e = *events[0];
  std::string name(StringAt(e, "metadata.name"));
  ASSERT_EQ(name.size(), std::string("web.").size() + 16) << name;
  EXPECT_EQ(name.substr(0, 4), "web.");
  EXPECT_EQ(StringAt(e, "involvedObject.kind"), "Pod");
  EXPECT_EQ(StringAt(e, "involvedObject.namespace"), "default");
  EXPECT_EQ(StringAt(e, "involvedObject.name"), "web");
  EXPECT_EQ(StringAt(e, "involvedObject.uid"), StringAt(pod, "metadata.uid"));
  EXPECT_EQ(StringAt(e, "involvedObject.apiVersion"), "v1");
  EXPECT_EQ(StringAt(e, "involvedObject.resourceVersion"),
            StringAt(pod, "metadata.resourceVersion"));
  EXPECT_EQ(StringAt(e, "reason"), "Scheduled");
  EXPECT_EQ(StringAt(e, "message"), "Successfully assigned default/web to n1");
  EXPECT_EQ(StringAt(e, "type"), "Normal");
  EXPECT_EQ(StringAt(e, "source.component"), "default-scheduler");
  EXPECT_EQ(StringAt(e, "source.host"), "node-a");
  EXPECT_EQ(StringAt(e, "reportingComponent"), "default-scheduler");
  EXPECT_EQ(StringAt(e, "reportingInstance"), "node-a");
  EXPECT_EQ(StringAt(e, "firstTimestamp"), FormatRfc3339(clock_.Now()));
  EXPECT_EQ(StringAt(e, "lastTimestamp"), FormatRfc3339(clock_.Now()));
  EXPECT_EQ(IntAt(e, "count"), 1);
}

TEST_F(EventRecorderTest, RepeatWithinTenMinutesBumpsCount) {
  Json pod = CreatePod("web");
  auto first = clock_.Now();
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "0/1 nodes are available");
  clock_.Advance(2min);
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "0/1 nodes are available");
  clock_.Advance(5min);
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "0/1 nodes are available");
  recorder_->Flush();
  auto events = Events("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(IntAt(*events[0], "count"), 3);
  EXPECT_EQ(StringAt(*events[0], "firstTimestamp"), FormatRfc3339(first));
  EXPECT_EQ(StringAt(*events[0], "lastTimestamp"), FormatRfc3339(clock_.Now()));
}

TEST_F(EventRecorderTest, DifferentMessageOrLateRepeatMakesANewEvent) {
  Json pod = CreatePod("web");
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "a");
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "b");
  recorder_->Flush();
  EXPECT_EQ(Events("default").size(), 2u);
  clock_.Advance(11min);
  recorder_->Event(pod, kEventWarning, "FailedScheduling", "a");
  recorder_->Flush();
  auto events = Events("default");
  ASSERT_EQ(events.size(), 3u);
  for (const ObjectPtr& e : events) EXPECT_EQ(IntAt(*e, "count"), 1);
}

TEST_F(EventRecorderTest, ClusterScopedObjectsGoToDefault) {
  Json node(rapidjson::kObjectType);
  auto& a = node.GetAllocator();
  SetString(node, "apiVersion", "v1", a);
  SetString(node, "kind", "Node", a);
  SetString(EnsureObject(node, "metadata", a), "name", "n1", a);
  auto created = cluster_.client().Resource(resources::kNodes).Create(node);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  recorder_->Event(*created, kEventNormal, "RegisteredNode", "Node n1 event: Registered");
  recorder_->Flush();
  auto events = Events("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(StringAt(*events[0], "involvedObject.kind"), "Node");
  EXPECT_EQ(StringAt(*events[0], "involvedObject.name"), "n1");
  EXPECT_EQ(Path(*events[0], "involvedObject.namespace"), nullptr);
}

TEST_F(EventRecorderTest, RecreatesAnEventDeletedMeanwhile) {
  Json pod = CreatePod("web");
  recorder_->Event(pod, kEventWarning, "BackOff", "again");
  recorder_->Flush();
  auto events = Events("default");
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(cluster_.client()
                  .Resource(resources::kEvents, "default")
                  .Delete(StringAt(*events[0], "metadata.name"))
                  .ok());
  recorder_->Event(pod, kEventWarning, "BackOff", "again");
  recorder_->Flush();
  events = Events("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(IntAt(*events[0], "count"), 1);
}

}  // namespace
}  // namespace ekslite::client
