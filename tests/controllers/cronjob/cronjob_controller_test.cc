#include "controllers/cronjob/cronjob_controller.h"

#include <gtest/gtest.h>

#include "controllers/cronjob/schedule.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"
#include "tests/testing/fake_clock.h"

namespace ekslite {
namespace {

using client::resources::kCronJobs;
using client::resources::kJobs;
using controllers::cronjob::Schedule;
using testing::ControllerEnv;
using testing::WaitFor;

Clock::time_point At(const char* rfc3339) {
  Clock::time_point t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

std::string Next(const char* schedule, const char* after) {
  auto s = Schedule::Parse(schedule);
  EXPECT_TRUE(s.ok()) << schedule;
  auto next = s->Next(At(after));
  return next ? FormatRfc3339(*next) : "none";
}

TEST(ScheduleTest, NextFiringTimes) {
  EXPECT_EQ(Next("*/5 * * * *", "2024-03-01T10:02:30Z"), "2024-03-01T10:05:00Z");
  EXPECT_EQ(Next("0 * * * *", "2024-03-01T10:00:00Z"), "2024-03-01T11:00:00Z");
  EXPECT_EQ(Next("@daily", "2024-03-01T10:00:00Z"), "2024-03-02T00:00:00Z");
  EXPECT_EQ(Next("30 9 * * MON-FRI", "2024-03-01T10:00:00Z"),
            "2024-03-04T09:30:00Z");  // Fri -> Mon
  EXPECT_EQ(Next("0 0 1 JAN *", "2024-03-01T10:00:00Z"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(Next("0 0 29 2 *", "2024-03-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(Next("0 0 13 * 5", "2024-03-01T10:00:00Z"), "2024-03-08T00:00:00Z");  // day OR weekday
  EXPECT_FALSE(Schedule::Parse("* * *").ok());
  EXPECT_FALSE(Schedule::Parse("61 * * * *").ok());
}

TEST(ScheduleTest, TimeZones) {
  auto berlin = controllers::cronjob::TimeZone::Load("Europe/Berlin");
  if (!berlin.ok()) GTEST_SKIP() << "no tz database: " << berlin.status().ToString();
  auto s = Schedule::Parse("0 9 * * *");
  ASSERT_TRUE(s.ok());
  s->set_time_zone(*berlin);
  EXPECT_EQ(FormatRfc3339(*s->Next(At("2024-03-01T00:00:00Z"))), "2024-03-01T08:00:00Z");  // CET
  EXPECT_EQ(FormatRfc3339(*s->Next(At("2024-07-01T00:00:00Z"))), "2024-07-01T07:00:00Z");  // CEST
  auto tz = Schedule::Parse("CRON_TZ=Asia/Tokyo 30 6 * * *");
  ASSERT_TRUE(tz.ok());
  EXPECT_EQ(FormatRfc3339(*tz->Next(At("2024-03-01T00:00:00Z"))), "2024-03-01T21:30:00Z");
  EXPECT_FALSE(controllers::cronjob::TimeZone::Load("Mars/Olympus").ok());
}

TEST(CronJobControllerTest, CreatesJobsOnScheduleAndTracksThem) {
  ControllerEnv env;
  testing::FakeClock clock;
  clock.Advance(RealClock().Now() - clock.Now());
  controllers::CronJobControllerOptions options;
  options.clock = &clock;
  controllers::CronJobController controller(env.client(), env.informers(), options);
  env.Start(controller);
  env.Create(
      kCronJobs, "default",
      R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick"},"spec":{)"
      R"("schedule":"* * * * *","concurrencyPolicy":"Forbid","jobTemplate":{"spec":{"template":)"
      R"({"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}}})");
  // Creation time is real; after the next minute boundary the job is due.
  clock.Advance(std::chrono::seconds(61));
  auto poked =
      env.client()
          .Resource(kCronJobs, "default")
          .Patch("tick", client::PatchType::kMerge, R"({"metadata":{"labels":{"poke":"1"}}})");
  ASSERT_TRUE(poked.ok());
  std::vector<client::ObjectPtr> jobs;
  ASSERT_TRUE(WaitFor([&] {
    jobs = env.List(kJobs, "default");
    return jobs.size() == 1;
  }));
  std::string name(StringAt(*jobs[0], "metadata.name"));
  EXPECT_EQ(name.rfind("tick-", 0), 0u);
  int64_t minutes = std::stoll(name.substr(5));
  Json cronjob;
  ASSERT_TRUE(WaitFor([&] {
    cronjob = env.Get(kCronJobs, "default", "tick");
    const JsonValue* active = Path(cronjob, "status.active");
    return active && active->IsArray() && active->Size() == 1;
  }));
  Clock::time_point scheduled;
  ASSERT_TRUE(ParseRfc3339(StringAt(cronjob, "status.lastScheduleTime"), &scheduled))
      << ToJsonString(cronjob);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::minutes>(scheduled.time_since_epoch()).count(),
            minutes);
}

}  // namespace
}  // namespace ekslite
