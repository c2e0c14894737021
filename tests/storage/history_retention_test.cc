#include "storage/history_retention.h"

#include <gtest/gtest.h>

namespace ekslite::storage {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = HistoryRetention::TimePoint;

const TimePoint kStart = TimePoint(std::chrono::hours(1));

TEST(HistoryRetentionTest, CountBoundKeepsTheNewestRevisions) {
  RetentionOptions options;
  options.retain_revisions = 100;
  options.retain_age = milliseconds(0);
  HistoryRetention retention(options, kStart, 0);
  EXPECT_EQ(retention.Target(kStart, 50), 0);
  EXPECT_EQ(retention.Target(kStart, 1000), 900);
}

TEST(HistoryRetentionTest, AgeBoundDropsRevisionsOlderThanRetainAge) {
  RetentionOptions options;
  options.retain_revisions = 0;
  options.retain_age = seconds(64);  // one-second samples
  HistoryRetention retention(options, kStart, 10);
  retention.Observe(kStart + seconds(10), 20);
  retention.Observe(kStart + seconds(30), 30);
  EXPECT_EQ(retention.Target(kStart + seconds(63), 30), 0);
  // Revisions up to 10 predate the open: they count as committed at open.
  EXPECT_EQ(retention.Target(kStart + seconds(64), 30), 10);
  EXPECT_EQ(retention.Target(kStart + seconds(74), 30), 20);
  EXPECT_EQ(retention.Target(kStart + seconds(95), 30), 30);
}

TEST(HistoryRetentionTest, FrequentObservationsAreAttributedWithinAGranule) {
  RetentionOptions options;
  options.retain_revisions = 0;
  options.retain_age = seconds(64);  // granule: 1 s
  HistoryRetention retention(options, kStart, 0);
  for (int ms = 1; ms <= 5000; ++ms) retention.Observe(kStart + milliseconds(ms), ms);
  // Revision r was committed at r ms; at 64 s + 3 s only revisions committed
  // by 3 s may go, and at least those committed by 2 s do.
  const int64_t target = retention.Target(kStart + seconds(67), 5000);
  EXPECT_LE(target, 3000);
  EXPECT_GE(target, 2000);
}

TEST(HistoryRetentionTest, EitherBoundCompacts) {
  RetentionOptions options;
  options.retain_revisions = 100;
  options.retain_age = seconds(64);
  HistoryRetention retention(options, kStart, 0);
  retention.Observe(kStart + seconds(1), 50);
  EXPECT_EQ(retention.Target(kStart + seconds(2), 500), 400);  // count wins
  EXPECT_EQ(retention.Target(kStart + seconds(70), 120), 50);  // age wins
}

TEST(HistoryRetentionTest, DueFollowsTheInterval) {
  RetentionOptions options;
  options.compact_interval = seconds(30);
  HistoryRetention retention(options, kStart, 0);
  EXPECT_FALSE(retention.Due(kStart + seconds(29)));
  EXPECT_TRUE(retention.Due(kStart + seconds(30)));
  EXPECT_FALSE(retention.Due(kStart + seconds(31)));
  EXPECT_TRUE(retention.Due(kStart + seconds(60)));
}

TEST(HistoryRetentionTest, ZeroIntervalDisablesAutomaticCompaction) {
  RetentionOptions options;
  options.compact_interval = milliseconds(0);
  HistoryRetention retention(options, kStart, 0);
  EXPECT_FALSE(retention.Due(kStart + std::chrono::hours(100)));
}

}  // namespace
}  // namespace ekslite::storage
