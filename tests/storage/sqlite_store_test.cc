// SqliteStore behaviour beyond the Store contract: durability across reopen
// and kill -9, one writer per file, no "database is locked", bounded WAL and
// bounded file under compaction.
#include "storage/sqlite_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/storage/storage_test_util.h"

namespace ekslite::storage {
namespace {

using testing::EventRecorder;
using testing::FakeClock;
using testing::FileSize;
using testing::TempDir;
using testing::WaitFor;

SqliteStoreOptions Options(const TempDir& dir) {
  SqliteStoreOptions options;
  options.path = dir.File("store.db");
  options.retention.compact_interval = std::chrono::milliseconds(0);
  options.tick = std::chrono::milliseconds(2);
  return options;
}

std::unique_ptr<Store> MustOpen(const SqliteStoreOptions& options) {
  StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(SqliteStoreTest, ReopenKeepsDataAndRevisionsContinue) {
  TempDir dir;
  int64_t a = 0;
  {
    auto store = MustOpen(Options(dir));
    a = *store->Create("/a", "1");
    ASSERT_TRUE(store->Update("/a", "2", a).ok());
    ASSERT_TRUE(store->Create("/b", "1").ok());
    ASSERT_TRUE(store->Delete("/b", 0).ok());
    ASSERT_TRUE(store->Compact(2).ok());
  }
  auto store = MustOpen(Options(dir));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->CurrentRevision(), 4);
  EXPECT_EQ(store->CompactedRevision(), 2);
  StatusOr<KeyValue> kv = store->Get("/a");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->value, "2");
  EXPECT_EQ(kv->create_revision, a);
  EXPECT_TRUE(store->Get("/b").status().IsNotFound());
  EXPECT_EQ(*store->Create("/c", "1"), 5);
  EventRecorder recorder;
  EXPECT_EQ(store->WatchFrom("/", 1, recorder.Sink()).status().code(), Code::kExpired);
}

TEST(SqliteStoreTest, ReopenAfterCompactingTheNewestTombstoneKeepsTheHead) {
  TempDir dir;
  {
    auto store = MustOpen(Options(dir));
    ASSERT_TRUE(store->Create("/a", "1").ok());
    ASSERT_TRUE(store->Delete("/a", 0).ok());
    ASSERT_TRUE(store->Compact(2).ok());
  }
  auto store = MustOpen(Options(dir));
  EXPECT_EQ(store->CurrentRevision(), 2);
  EXPECT_EQ(*store->Create("/a", "2"), 3);  // revision 2 is never handed out twice
}

TEST(SqliteStoreTest, SecondOpenOfTheSameFileIsUnavailable) {
  TempDir dir;
  auto store = MustOpen(Options(dir));
  StatusOr<std::unique_ptr<Store>> second = OpenSqliteStore(Options(dir));
  EXPECT_EQ(second.status().code(), Code::kUnavailable);
}

TEST(SqliteStoreTest, RejectsInvalidOptionsAndForeignFiles) {
  SqliteStoreOptions options;
  EXPECT_EQ(OpenSqliteStore(options).status().code(), Code::kInvalid);
  options.path = ":memory:";
  EXPECT_EQ(OpenSqliteStore(options).status().code(), Code::kInvalid);

  TempDir dir;
  const std::string garbage = dir.File("garbage.db");
  FILE* f = std::fopen(garbage.c_str(), "w");
  std::fputs("this is not a database, not even close; it is just some text...", f);
  std::fclose(f);
  options.path = garbage;
  EXPECT_FALSE(OpenSqliteStore(options).ok());
}

TEST(SqliteStoreTest, OpeningInAMissingDirectoryFails) {
  SqliteStoreOptions options;
  options.path = "/nonexistent-ekslite-dir/store.db";
  EXPECT_FALSE(OpenSqliteStore(options).ok());
}

// Writers, readers, watchers and compactions at once: every call succeeds;
// nothing reports "database is locked" (kUnavailable).
TEST(SqliteStoreTest, ConcurrentWritersAndReadersNeverSeeDatabaseLocked) {
  TempDir dir;
  SqliteStoreOptions options = Options(dir);
  options.checkpoint_pages = 50;  // checkpoint often, while readers read
  options.read_connections = 2;   // fewer connections than reader threads
  auto store = MustOpen(options);
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      std::map<std::string, int64_t> revisions;
      for (int i = 0; i < 60; ++i) {
        const std::string key = "/load/" + std::to_string(t) + "/" + std::to_string(i % 10);
        auto it = revisions.find(key);
        StatusOr<int64_t> r = it == revisions.end()
                                  ? store->Create(key, std::string(512, 'x'))
                                  : store->Update(key, std::string(512, 'y'), it->second);
        if (!r.ok()) {
          ++failures;
          ADD_FAILURE() << r.status().ToString();
          return;
        }
        revisions[key] = *r;
      }
    });
  }
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (writing) {
        StatusOr<ListResult> list = store->List("/load/", {});
        StatusOr<KeyValue> kv = store->Get("/load/0/0");
        if (!list.ok() || (!kv.ok() && !kv.status().IsNotFound())) ++failures;
        const int64_t head = store->CurrentRevision();
        if (head > 100 && !store->Compact(head - 100).ok()) ++failures;
        // Compaction may overtake the watch's start: kExpired is fine.
        EventRecorder recorder;
        auto watch = store->WatchFrom("/load/", store->CompactedRevision(), recorder.Sink());
        if (!watch.ok() && !watch.status().IsExpired()) ++failures;
      }
    });
  }
  for (int t = 0; t < 16; ++t) threads[t].join();
  writing = false;
  for (size_t t = 16; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store->List("/load/", {})->items.size(), 160u);
}

// A child process writes from many threads and reports each acknowledged
// write; it is killed with SIGKILL mid-flight. Every acknowledged write must
// be in the reopened store, and the log must be consistent.
struct Ack {
  int64_t revision;
  char key[48];
  char value[16];
};

[[noreturn]] void RunCrashChild(const std::string& path, int round, int fd) {
  SqliteStoreOptions options;
  options.path = path;
  options.retention.compact_interval = std::chrono::milliseconds(0);
  StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  if (!store.ok()) _exit(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::map<std::string, int64_t> revisions;
      for (int i = 0;; ++i) {
        Ack ack{};
        std::snprintf(ack.key, sizeof ack.key, "/crash/%d/%d/%d", round, t, i % 16);
        std::snprintf(ack.value, sizeof ack.value, "%d", i);
        auto it = revisions.find(ack.key);
        StatusOr<int64_t> r = it == revisions.end()
                                  ? (*store)->Create(ack.key, ack.value)
                                  : (*store)->Update(ack.key, ack.value, it->second);
        if (!r.ok()) _exit(3);
        revisions[ack.key] = ack.revision = *r;
        if (::write(fd, &ack, sizeof ack) != sizeof ack) _exit(4);
      }
    });
  }
  for (;;) pause();
}

TEST(SqliteStoreTest, KillDuringWritesLosesNoAcknowledgedWrite) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunCrashChild(path, round, fds[1]);
    }
    ::close(fds[1]);
    std::vector<Ack> acks;
    Ack ack;
    // Kill after a number of acknowledgements that differs per round.
    while (acks.size() < 200u + 150u * round && ::read(fds[0], &ack, sizeof ack) == sizeof ack) {
      acks.push_back(ack);
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    while (::read(fds[0], &ack, sizeof ack) == sizeof ack) acks.push_back(ack);
    ::close(fds[0]);
    ASSERT_GE(acks.size(), 200u);

    auto store = MustOpen(Options(dir));
    ASSERT_NE(store, nullptr);
    // The log holds every revision from 1 to the head exactly once, in order.
    std::map<int64_t, Event> history;
    {
      EventRecorder recorder;
      ASSERT_TRUE(store->WatchFrom("/", 0, recorder.Sink()).ok());
      int64_t expected = 1;
      for (const Event& e : recorder.Events()) {
        ASSERT_EQ(e.revision, expected++);
        history[e.revision] = e;
      }
      ASSERT_EQ(expected - 1, store->CurrentRevision());
    }
    // Every acknowledged write is there, at its revision, with its value.
    for (const Ack& a : acks) {
      auto it = history.find(a.revision);
      ASSERT_NE(it, history.end()) << "lost revision " << a.revision;
      EXPECT_EQ(it->second.key, a.key);
      EXPECT_EQ(it->second.value, a.value);
    }
    // And the store keeps working where it stopped.
    const int64_t head = store->CurrentRevision();
    EXPECT_EQ(*store->Create("/after/" + std::to_string(round), "v"), head + 1);
  }
}

TEST(SqliteStoreTest, WalStaysBoundedAndIsTruncatedWhenIdle) {
  TempDir dir;
  FakeClock clock;
  SqliteStoreOptions options = Options(dir);
  options.fsync = false;  // durability is not under test; speed is
  options.checkpoint_pages = 64;
  options.clock = &clock;
  auto store = MustOpen(options);
  std::atomic<bool> writing{true};
  std::atomic<int64_t> max_wal{0};
  std::thread monitor([&] {
    while (writing) {
      max_wal = std::max(max_wal.load(), FileSize(options.path + "-wal"));
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  std::thread reader([&] {
    ListOptions options;
    options.limit = 50;
    while (writing) (void)store->List("/wal/", options);
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const std::string key = "/wal/" + std::to_string(t) + "/" + std::to_string(i);
        EXPECT_TRUE(store->Create(key, std::string(1024, 'v')).ok());
      }
    });
  }
  for (std::thread& w : writers) w.join();
  writing = false;
  monitor.join();
  reader.join();
  // 2,400 1 KiB writes put more than 2.4 MiB through the WAL (and more than
  // 20 MiB without checkpoints, with every commit writing whole pages); it
  // stays near the 64-page threshold (256 KiB, plus a group's pages, plus a
  // retry round when a read held it back).
  EXPECT_LT(max_wal.load(), 1024 * 1024) << "WAL peaked at " << max_wal.load();
  EXPECT_GT(FileSize(options.path), 2 * 1024 * 1024);

  clock.Advance(options.idle_checkpoint_after);
  EXPECT_TRUE(WaitFor([&] { return FileSize(options.path + "-wal") == 0; }))
      << FileSize(options.path + "-wal");
}

// 500 "nodes" renew a lease again and again: with retention by count, the
// file stops growing once history is at its bound.
TEST(SqliteStoreTest, CompactionBoundsTheFileUnderLeaseRenewals) {
  TempDir dir;
  SqliteStoreOptions options = Options(dir);
  options.fsync = false;
  options.retention.compact_interval = std::chrono::milliseconds(1);
  options.retention.retain_revisions = 1000;
  options.retention.retain_age = std::chrono::milliseconds(0);
  auto store = MustOpen(options);
  constexpr int kNodes = 500;
  constexpr int kThreads = 10;
  std::vector<int64_t> revisions(kNodes, 0);
  auto renew_all = [&] {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int n = t; n < kNodes; n += kThreads) {
          const std::string key = "/leases/node-" + std::to_string(n);
          const std::string value(300, static_cast<char>('a' + n % 26));
          StatusOr<int64_t> r = revisions[n] == 0 ? store->Create(key, value)
                                                  : store->Update(key, value, revisions[n]);
          ASSERT_TRUE(r.ok()) << r.status().ToString();
          revisions[n] = *r;
        }
      });
    }
    for (std::thread& t : threads) t.join();
  };
  auto size = [&] { return FileSize(options.path) + FileSize(options.path + "-wal"); };
  for (int round = 0; round < 10; ++round) renew_all();
  ASSERT_TRUE(WaitFor([&] { return store->CompactedRevision() >= 10 * kNodes - 1000; }));
  const int64_t early = size();
  for (int round = 0; round < 30; ++round) renew_all();
  ASSERT_TRUE(WaitFor([&] { return store->CompactedRevision() >= 40 * kNodes - 1000; }));
  const int64_t late = size();
  EXPECT_LT(late, early * 3 / 2) << "early " << early << " late " << late;
  EXPECT_EQ(store->List("/leases/", {})->items.size(), static_cast<size_t>(kNodes));
}

}  // namespace
}  // namespace ekslite::storage
