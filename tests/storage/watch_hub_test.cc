#include "storage/watch_hub.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/storage/storage_test_util.h"

namespace ekslite::storage {
namespace {

using testing::EventRecorder;

Event MakeEvent(int64_t revision, const std::string& key) {
  Event event;
  event.revision = revision;
  event.key = key;
  return event;
}

std::vector<int64_t> Revisions(const EventRecorder& recorder) {
  std::vector<int64_t> revisions;
  for (const Event& e : recorder.Events()) revisions.push_back(e.revision);
  return revisions;
}

TEST(WatchHubTest, HoldsBackEventsUntilGoLiveAndDropsReplayedOnes) {
  WatchHub hub;
  EventRecorder recorder;
  auto watch = hub.Subscribe("/", recorder.Sink());
  const std::vector<Event> published = {MakeEvent(2, "/a"), MakeEvent(3, "/b")};
  hub.Publish(published);
  EXPECT_TRUE(recorder.Events().empty());  // held back
  watch->Replay(MakeEvent(1, "/a"));
  watch->Replay(MakeEvent(2, "/a"));  // the snapshot also had revision 2
  watch->GoLive();
  EXPECT_EQ(Revisions(recorder), (std::vector<int64_t>{1, 2, 3}));
  const Event live = MakeEvent(4, "/c");
  hub.Publish({&live, 1});
  EXPECT_EQ(Revisions(recorder), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(WatchHubTest, DeliversOnlyMatchingPrefixes) {
  WatchHub hub;
  EventRecorder pods;
  auto watch = hub.Subscribe("/pods/", pods.Sink());
  watch->GoLive();
  const std::vector<Event> published = {MakeEvent(1, "/pods/a"), MakeEvent(2, "/nodes/a"),
                                        MakeEvent(3, "/pods")};
  hub.Publish(published);
  EXPECT_EQ(Revisions(pods), (std::vector<int64_t>{1}));
}

TEST(WatchHubTest, DestroyedWatchIsNotCalledAndIsPruned) {
  WatchHub hub;
  EventRecorder recorder;
  auto watch = hub.Subscribe("", recorder.Sink());
  watch->GoLive();
  EXPECT_TRUE(hub.HasSubscribers());
  watch.reset();
  const Event event = MakeEvent(1, "/a");
  hub.Publish({&event, 1});
  EXPECT_TRUE(recorder.Events().empty());
  EXPECT_FALSE(hub.HasSubscribers());
}

}  // namespace
}  // namespace ekslite::storage
