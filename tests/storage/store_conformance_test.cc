// The Store contract (storage/store.h), run against every backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/memory_store.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/storage/storage_test_util.h"

namespace ekslite::storage {
namespace {

using testing::EventRecorder;
using testing::FakeClock;
using testing::TempDir;
using testing::WaitFor;

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>(const TempDir&, const RetentionOptions&, Clock*)> open;
};

RetentionOptions NoAutoCompaction() {
  RetentionOptions retention;
  retention.compact_interval = std::chrono::milliseconds(0);
  return retention;
}

const Backend kMemory{"Memory",
                      [](const TempDir&, const RetentionOptions& retention, Clock* clock) {
                        return NewMemoryStore({retention, clock});
                      }};

const Backend kSqlite{"Sqlite",
                      [](const TempDir& dir, const RetentionOptions& retention,
                         Clock* clock) -> std::unique_ptr<Store> {
                        SqliteStoreOptions options;
                        options.path = dir.File("store.db");
                        options.retention = retention;
                        options.clock = clock;
                        options.tick = std::chrono::milliseconds(2);
                        auto store = OpenSqliteStore(options);
                        if (!store.ok()) {
                          ADD_FAILURE() << store.status().ToString();
                          return nullptr;
                        }
                        return std::move(store).value();
                      }};

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(dir_, NoAutoCompaction(), nullptr);
    ASSERT_NE(store_, nullptr);
  }

  int64_t MustCreate(const std::string& key, const std::string& value) {
    StatusOr<int64_t> revision = store_->Create(key, value);
    EXPECT_TRUE(revision.ok()) << revision.status().ToString();
    return revision.ok() ? *revision : 0;
  }
  int64_t MustUpdate(const std::string& key, const std::string& value, int64_t expected) {
    StatusOr<int64_t> revision = store_->Update(key, value, expected);
    EXPECT_TRUE(revision.ok()) << revision.status().ToString();
    return revision.ok() ? *revision : 0;
  }
  std::vector<std::string> Keys(const ListResult& result) {
    std::vector<std::string> keys;
    for (const KeyValue& kv : result.items) keys.push_back(kv.key);
    return keys;
  }

  // Reopens the store with automatic compaction and the fake clock.
  void ReopenWith(const RetentionOptions& retention) {
    store_.reset();
    store_ = GetParam().open(dir_, retention, &clock_);
    ASSERT_NE(store_, nullptr);
  }

  // Declared before store_, which uses them: destroyed after it.
  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformanceTest, EmptyStoreIsAtRevisionZero) {
  EXPECT_EQ(store_->CurrentRevision(), 0);
  EXPECT_EQ(store_->CompactedRevision(), 0);
  EXPECT_TRUE(store_->Get("/a").status().IsNotFound());
  StatusOr<ListResult> list = store_->List("", {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->items.empty());
  EXPECT_EQ(list->revision, 0);
}

TEST_P(StoreConformanceTest, CreateThenGetReturnsValueAndRevisions) {
  const int64_t revision = MustCreate("/registry/pods/default/web", "v1");
  EXPECT_EQ(revision, 1);
  StatusOr<KeyValue> kv = store_->Get("/registry/pods/default/web");
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  EXPECT_EQ(kv->key, "/registry/pods/default/web");
  EXPECT_EQ(kv->value, "v1");
  EXPECT_EQ(kv->create_revision, revision);
  EXPECT_EQ(kv->mod_revision, revision);
  EXPECT_EQ(store_->CurrentRevision(), revision);
}

TEST_P(StoreConformanceTest, CreateOfExistingKeyIsAlreadyExists) {
  MustCreate("/a", "1");
  EXPECT_EQ(store_->Create("/a", "2").status().code(), Code::kAlreadyExists);
  EXPECT_EQ(store_->Get("/a")->value, "1");
  EXPECT_EQ(store_->CurrentRevision(), 1);  // a failed write takes no revision
}

TEST_P(StoreConformanceTest, EmptyAndBinaryValuesRoundTrip) {
  const std::string binary("\0\x01\xff", 3);
  MustCreate("/empty", "");
  MustCreate("/binary", binary);
  EXPECT_EQ(store_->Get("/empty")->value, "");
  EXPECT_EQ(store_->Get("/binary")->value, binary);
}

TEST_P(StoreConformanceTest, UpdateWithCurrentRevisionReplacesValue) {
  const int64_t created = MustCreate("/a", "1");
  const int64_t updated = MustUpdate("/a", "2", created);
  EXPECT_GT(updated, created);
  StatusOr<KeyValue> kv = store_->Get("/a");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->value, "2");
  EXPECT_EQ(kv->create_revision, created);
  EXPECT_EQ(kv->mod_revision, updated);
}

TEST_P(StoreConformanceTest, UpdateWithStaleRevisionConflicts) {
  const int64_t created = MustCreate("/a", "1");
  MustUpdate("/a", "2", created);
  EXPECT_EQ(store_->Update("/a", "3", created).status().code(), Code::kConflict);
  EXPECT_EQ(store_->Get("/a")->value, "2");
}

TEST_P(StoreConformanceTest, UpdateOfMissingKeyIsNotFound) {
  EXPECT_EQ(store_->Update("/missing", "1", 1).status().code(), Code::kNotFound);
}

TEST_P(StoreConformanceTest, DeleteReturnsLastValueAtDeletionRevision) {
  const int64_t created = MustCreate("/a", "1");
  StatusOr<KeyValue> deleted = store_->Delete("/a", 0);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted->key, "/a");
  EXPECT_EQ(deleted->value, "1");
  EXPECT_EQ(deleted->create_revision, created);
  EXPECT_EQ(deleted->mod_revision, created + 1);
  EXPECT_EQ(store_->CurrentRevision(), created + 1);
  EXPECT_TRUE(store_->Get("/a").status().IsNotFound());
}

TEST_P(StoreConformanceTest, DeleteChecksExpectedRevision) {
  const int64_t created = MustCreate("/a", "1");
  MustUpdate("/a", "2", created);
  EXPECT_EQ(store_->Delete("/a", created).status().code(), Code::kConflict);
  EXPECT_TRUE(store_->Delete("/a", created + 1).ok());
  EXPECT_EQ(store_->Delete("/a", 0).status().code(), Code::kNotFound);
}

TEST_P(StoreConformanceTest, RecreateAfterDeleteStartsANewIncarnation) {
  MustCreate("/a", "1");
  ASSERT_TRUE(store_->Delete("/a", 0).ok());
  const int64_t recreated = MustCreate("/a", "2");
  StatusOr<KeyValue> kv = store_->Get("/a");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->create_revision, recreated);
  EXPECT_EQ(kv->value, "2");
}

TEST_P(StoreConformanceTest, RevisionsStrictlyIncreaseAcrossKeys) {
  int64_t last = 0;
  for (int i = 0; i < 20; ++i) {
    const int64_t revision = MustCreate("/k/" + std::to_string(i), "v");
    EXPECT_EQ(revision, last + 1);
    last = revision;
    if (i % 3 == 0) {
      last = MustUpdate("/k/" + std::to_string(i), "w", revision);
      EXPECT_EQ(last, revision + 1);
    }
  }
}

TEST_P(StoreConformanceTest, ListReturnsLiveKeysWithPrefixSorted) {
  MustCreate("/b/2", "x");
  MustCreate("/a/1", "x");
  MustCreate("/b/1", "x");
  MustCreate("/b/3", "x");
  MustCreate("/bb", "x");
  ASSERT_TRUE(store_->Delete("/b/3", 0).ok());
  StatusOr<ListResult> list = store_->List("/b/", {});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(Keys(*list), (std::vector<std::string>{"/b/1", "/b/2"}));
  EXPECT_EQ(list->revision, store_->CurrentRevision());
  EXPECT_FALSE(list->more);
  EXPECT_EQ(Keys(*store_->List("", {})), (std::vector<std::string>{"/a/1", "/b/1", "/b/2", "/bb"}));
}

TEST_P(StoreConformanceTest, ListPrefixEndingInFFIsBounded) {
  const std::string prefix("/x\xff", 3);
  MustCreate(prefix + "a", "1");
  MustCreate("/y", "2");
  EXPECT_EQ(Keys(*store_->List(prefix, {})), (std::vector<std::string>{prefix + "a"}));
}

TEST_P(StoreConformanceTest, ListPaginatesWithLimitAndStartKey) {
  for (char c = 'a'; c <= 'e'; ++c) MustCreate(std::string("/p/") + c, "v");
  ListOptions options;
  options.limit = 2;
  StatusOr<ListResult> page = store_->List("/p/", options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"/p/a", "/p/b"}));
  EXPECT_TRUE(page->more);

  options.start_key = "/p/b\x01";  // just after /p/b
  options.revision = page->revision;
  page = store_->List("/p/", options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"/p/c", "/p/d"}));
  EXPECT_TRUE(page->more);

  options.start_key = "/p/e";
  page = store_->List("/p/", options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"/p/e"}));
  EXPECT_FALSE(page->more);

  options.limit = 1;
  options.start_key = "/p/e";
  EXPECT_FALSE(store_->List("/p/", options)->more);  // exactly one left: no more
}

TEST_P(StoreConformanceTest, ListAtOlderRevisionSeesThatState) {
  const int64_t a1 = MustCreate("/a", "1");
  const int64_t b1 = MustCreate("/b", "1");
  MustUpdate("/a", "2", a1);
  ASSERT_TRUE(store_->Delete("/b", b1).ok());
  MustCreate("/c", "1");

  ListOptions options;
  options.revision = b1;
  StatusOr<ListResult> old = store_->List("/", options);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->revision, b1);
  ASSERT_EQ(Keys(*old), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(old->items[0].value, "1");
  EXPECT_EQ(old->items[0].mod_revision, a1);

  StatusOr<ListResult> now = store_->List("/", {});
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(Keys(*now), (std::vector<std::string>{"/a", "/c"}));
  EXPECT_EQ(now->items[0].value, "2");
}

TEST_P(StoreConformanceTest, ListAboveCurrentRevisionIsBadRequest) {
  MustCreate("/a", "1");
  ListOptions options;
  options.revision = 5;
  EXPECT_EQ(store_->List("/", options).status().code(), Code::kBadRequest);
}

TEST_P(StoreConformanceTest, WatchFromZeroReplaysAllHistoryThenLiveEvents) {
  const int64_t a = MustCreate("/a", "1");
  MustUpdate("/a", "2", a);
  ASSERT_TRUE(store_->Delete("/a", 0).ok());
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/", 0, recorder.Sink());
  ASSERT_TRUE(watch.ok()) << watch.status().ToString();
  MustCreate("/a", "3");

  std::vector<Event> events = recorder.Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, Event::Type::kCreated);
  EXPECT_EQ(events[0].value, "1");
  EXPECT_EQ(events[0].prev_revision, 0);
  EXPECT_EQ(events[1].type, Event::Type::kUpdated);
  EXPECT_EQ(events[1].value, "2");
  EXPECT_EQ(events[1].prev_value, "1");
  EXPECT_EQ(events[1].prev_revision, 1);
  EXPECT_EQ(events[1].create_revision, 1);
  EXPECT_EQ(events[2].type, Event::Type::kDeleted);
  EXPECT_EQ(events[2].value, "");
  EXPECT_EQ(events[2].prev_value, "2");
  EXPECT_EQ(events[2].prev_revision, 2);
  EXPECT_EQ(events[3].type, Event::Type::kCreated);
  EXPECT_EQ(events[3].value, "3");
  EXPECT_EQ(events[3].prev_value, "");
  EXPECT_EQ(events[3].prev_revision, 0);
  EXPECT_EQ(events[3].create_revision, 4);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].revision, static_cast<int64_t>(i + 1));
    EXPECT_EQ(events[i].key, "/a");
  }
}

TEST_P(StoreConformanceTest, WatchFromMiddleRevisionStartsAfterIt) {
  for (int i = 0; i < 5; ++i) MustCreate("/k" + std::to_string(i), "v");
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/", 3, recorder.Sink());
  ASSERT_TRUE(watch.ok());
  MustCreate("/k5", "v");
  std::vector<int64_t> revisions;
  for (const Event& e : recorder.Events()) revisions.push_back(e.revision);
  EXPECT_EQ(revisions, (std::vector<int64_t>{4, 5, 6}));
}

TEST_P(StoreConformanceTest, WatchOnlySeesKeysWithItsPrefix) {
  MustCreate("/pods/a", "v");
  MustCreate("/nodes/a", "v");
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/pods/", 0, recorder.Sink());
  ASSERT_TRUE(watch.ok());
  MustCreate("/nodes/b", "v");
  MustCreate("/pods/b", "v");
  std::vector<std::string> keys;
  for (const Event& e : recorder.Events()) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"/pods/a", "/pods/b"}));
}

TEST_P(StoreConformanceTest, SinkSeesEventBeforeWriteReturns) {
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/", 0, recorder.Sink());
  ASSERT_TRUE(watch.ok());
  std::vector<std::thread> threads;
  std::atomic<int> late{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        StatusOr<int64_t> revision =
            store_->Create("/t" + std::to_string(t) + "/" + std::to_string(i), "v");
        if (!revision.ok() || recorder.LastRevision() < *revision) ++late;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(late.load(), 0);
  EXPECT_EQ(recorder.Events().size(), 100u);
}

TEST_P(StoreConformanceTest, DestroyedWatchIsNeverCalledAgain) {
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/", 0, recorder.Sink());
  ASSERT_TRUE(watch.ok());
  MustCreate("/a", "1");
  watch->reset();
  MustCreate("/b", "1");
  EXPECT_EQ(recorder.Events().size(), 1u);
}

// Many writers, and watchers that start at different points while they write:
// each watcher sees every revision after its start exactly once, in order.
TEST_P(StoreConformanceTest, ConcurrentWritersEveryEventExactlyOnceInOrder) {
  constexpr int kThreads = 8;
  constexpr int kKeysPerThread = 15;
  constexpr int kWritesPerKey = 4;
  EventRecorder from_start;
  auto first = store_->WatchFrom("/", 0, from_start.Sink());
  ASSERT_TRUE(first.ok());

  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int k = 0; k < kKeysPerThread; ++k) {
        const std::string key = "/w/" + std::to_string(t) + "/" + std::to_string(k);
        StatusOr<int64_t> revision = store_->Create(key, "0");
        for (int w = 1; revision.ok() && w < kWritesPerKey; ++w) {
          revision = store_->Update(key, std::to_string(w), *revision);
        }
        EXPECT_TRUE(revision.ok()) << revision.status().ToString();
      }
    });
  }
  // Watchers joining mid-flight, from the head they see and from the start.
  struct Late {
    int64_t after;
    EventRecorder recorder;
    std::unique_ptr<Watch> watch;
  };
  std::vector<std::unique_ptr<Late>> late;
  for (int i = 0; i < 6; ++i) {
    auto l = std::make_unique<Late>();
    l->after = i % 2 == 0 ? store_->CurrentRevision() : 0;
    auto watch = store_->WatchFrom("/w/", l->after, l->recorder.Sink());
    ASSERT_TRUE(watch.ok());
    l->watch = std::move(watch).value();
    late.push_back(std::move(l));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (std::thread& thread : writers) thread.join();

  const int64_t head = store_->CurrentRevision();
  ASSERT_EQ(head, kThreads * kKeysPerThread * kWritesPerKey);
  auto check = [&](const EventRecorder& recorder, int64_t after) {
    // Delivery is asynchronous: under load the last events may still be on
    // their way when the writers are done.
    WaitFor([&] { return recorder.LastRevision() >= head; });
    std::vector<Event> events = recorder.Events();
    ASSERT_EQ(static_cast<int64_t>(events.size()), head - after);
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].revision, after + 1 + static_cast<int64_t>(i));
    }
  };
  check(from_start, 0);
  for (const auto& l : late) check(l->recorder, l->after);
}

TEST_P(StoreConformanceTest, CompactDropsHistoryButKeepsLiveKeys) {
  const int64_t a = MustCreate("/a", "1");
  const int64_t a2 = MustUpdate("/a", "2", a);
  MustCreate("/b", "1");
  ASSERT_TRUE(store_->Delete("/b", 0).ok());
  const int64_t c = MustCreate("/c", "1");
  const int64_t head = MustUpdate("/a", "3", a2);

  ASSERT_TRUE(store_->Compact(c).ok());
  EXPECT_EQ(store_->CompactedRevision(), c);
  EXPECT_EQ(store_->CurrentRevision(), head);

  EXPECT_EQ(store_->Get("/a")->value, "3");
  EXPECT_EQ(store_->Get("/c")->value, "1");
  EXPECT_TRUE(store_->Get("/b").status().IsNotFound());

  EventRecorder expired;
  EXPECT_EQ(store_->WatchFrom("/", c - 1, expired.Sink()).status().code(), Code::kExpired);
  EXPECT_EQ(store_->WatchFrom("/", 0, expired.Sink()).status().code(), Code::kExpired);
  ListOptions old;
  old.revision = c - 1;
  EXPECT_EQ(store_->List("/", old).status().code(), Code::kExpired);

  // The compacted revision itself is still readable, and watchable after.
  old.revision = c;
  StatusOr<ListResult> at = store_->List("/", old);
  ASSERT_TRUE(at.ok()) << at.status().ToString();
  ASSERT_EQ(Keys(*at), (std::vector<std::string>{"/a", "/c"}));
  EXPECT_EQ(at->items[0].value, "2");
  EventRecorder recorder;
  auto watch = store_->WatchFrom("/", c, recorder.Sink());
  ASSERT_TRUE(watch.ok());
  std::vector<Event> events = recorder.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].revision, head);
  EXPECT_EQ(events[0].prev_value, "2");
  EXPECT_EQ(store_->Get("/a")->create_revision, a);
}

TEST_P(StoreConformanceTest, CompactIsIdempotentAndRejectsFutureRevisions) {
  MustCreate("/a", "1");
  MustCreate("/b", "1");
  EXPECT_EQ(store_->Compact(3).code(), Code::kBadRequest);
  EXPECT_TRUE(store_->Compact(2).ok());
  EXPECT_TRUE(store_->Compact(1).ok());
  EXPECT_TRUE(store_->Compact(2).ok());
  EXPECT_EQ(store_->CompactedRevision(), 2);
  EXPECT_EQ(MustCreate("/c", "1"), 3);
}

TEST_P(StoreConformanceTest, CompactingAwayTheNewestTombstoneKeepsTheHead) {
  MustCreate("/a", "1");
  ASSERT_TRUE(store_->Delete("/a", 0).ok());
  ASSERT_TRUE(store_->Compact(2).ok());
  EXPECT_EQ(store_->CurrentRevision(), 2);
  EXPECT_EQ(store_->List("/", {})->revision, 2);
  EXPECT_EQ(MustCreate("/a", "2"), 3);
}

TEST_P(StoreConformanceTest, AutomaticCompactionBoundsHistoryByCount) {
  RetentionOptions retention;
  retention.compact_interval = std::chrono::milliseconds(1);
  retention.retain_revisions = 10;
  retention.retain_age = std::chrono::milliseconds(0);
  ReopenWith(retention);
  int64_t revision = MustCreate("/lease", "0");
  for (int i = 1; i < 50; ++i) revision = MustUpdate("/lease", std::to_string(i), revision);
  clock_.Advance(std::chrono::milliseconds(5));
  // The memory store compacts during writes, the sqlite store on its writer
  // thread, before or after this write: to head - 10 either way.
  MustUpdate("/lease", "last", revision);
  EXPECT_TRUE(WaitFor([&] { return store_->CompactedRevision() >= 50 - 10; }))
      << store_->CompactedRevision();
  EXPECT_LE(store_->CompactedRevision(), 51 - 10);
  EXPECT_EQ(store_->Get("/lease")->value, "last");
}

TEST_P(StoreConformanceTest, AutomaticCompactionBoundsHistoryByAge) {
  RetentionOptions retention;
  retention.compact_interval = std::chrono::seconds(1);
  retention.retain_revisions = 0;
  retention.retain_age = std::chrono::seconds(60);
  ReopenWith(retention);
  int64_t revision = MustCreate("/lease", "0");
  for (int i = 1; i < 5; ++i) revision = MustUpdate("/lease", "x", revision);
  clock_.Advance(std::chrono::seconds(30));
  const int64_t young = MustUpdate("/lease", "y", revision);
  clock_.Advance(std::chrono::seconds(31));  // the first five are now 61 s old
  MustUpdate("/lease", "z", young);
  EXPECT_TRUE(WaitFor([&] { return store_->CompactedRevision() == 5; }))
      << store_->CompactedRevision();
  EventRecorder recorder;
  EXPECT_TRUE(store_->WatchFrom("/", 5, recorder.Sink()).ok());
  EXPECT_EQ(recorder.Events().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values(kMemory, kSqlite),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace ekslite::storage
