#include "controllers/job/job_controller.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "controllers/common/pod_util.h"
#include "controllers/job/job_status.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"
#include "tests/testing/fake_clock.h"

namespace ekslite {
namespace {

using client::resources::kJobs;
using client::resources::kPods;
using testing::ControllerEnv;
using testing::WaitFor;

std::string JobJson(const std::string& name, const std::string& spec_extra) {
  return R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":")" + name + R"("},"spec":{)" +
         spec_extra +
         R"("template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}})";
}

// Pods of the job that are neither finished nor being deleted.
std::vector<client::ObjectPtr> ActivePods(ControllerEnv& env, const std::string& job) {
  std::vector<client::ObjectPtr> out;
  for (const auto& p : env.List(kPods, "default", "batch.kubernetes.io/job-name=" + job)) {
    std::string_view phase = StringAt(*p, "status.phase");
    if (phase != "Succeeded" && phase != "Failed" && !Path(*p, "metadata.deletionTimestamp")) {
      out.push_back(p);
    }
  }
  return out;
}

TEST(JobControllerTest, RunsCompletionsWithParallelismAndCompletes) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kJobs, "default", JobJson("pi", R"("completions":5,"parallelism":2,)"));
  int finished = 0;
  while (finished < 5) {
    std::vector<client::ObjectPtr> active;
    ASSERT_TRUE(WaitFor([&] {
      active = ActivePods(env, "pi");
      return !active.empty();
    })) << "no active pod after "
        << finished << " completions";
    EXPECT_LE(active.size(), 2u);
    const JsonValue& pod = *active.front();
    const JsonValue* finalizers = Path(pod, "metadata.finalizers");
    ASSERT_TRUE(finalizers && finalizers->IsArray() && finalizers->Size() == 1);
    EXPECT_EQ(View((*finalizers)[0]), "batch.kubernetes.io/job-tracking");
    ASSERT_TRUE(
        env.SetPodStatus("default", std::string(StringAt(pod, "metadata.name")), "Succeeded", false)
            .ok());
    ++finished;
  }
  ASSERT_TRUE(WaitFor([&] {
    Json job = env.Get(kJobs, "default", "pi");
    return controllers::job::HasTrueCondition(job, "Complete");
  }));
  Json job = env.Get(kJobs, "default", "pi");
  EXPECT_EQ(IntAt(job, "status.succeeded"), 5);
  EXPECT_EQ(IntAt(job, "status.active"), 0);
  EXPECT_TRUE(controllers::job::HasTrueCondition(job, "SuccessCriteriaMet"));
  EXPECT_FALSE(StringAt(job, "status.completionTime").empty());
  // Counted pods lose the tracking finalizer.
  ASSERT_TRUE(WaitFor([&] {
    for (const auto& p : env.List(kPods, "default", "batch.kubernetes.io/job-name=pi")) {
      const JsonValue* f = Path(*p, "metadata.finalizers");
      if (f != nullptr && f->IsArray() && !f->Empty()) return false;
    }
    return true;
  }));
}

TEST(JobControllerTest, FailsPastBackoffLimit) {
  ControllerEnv env;
  controllers::JobController controller(
      env.client(), env.informers(), {.backoff = {.base = std::chrono::milliseconds(50)}});
  env.Start(controller);
  env.Create(kJobs, "default", JobJson("bad", R"("backoffLimit":1,)"));
  for (int i = 0; i < 2; ++i) {
    std::vector<client::ObjectPtr> active;
    ASSERT_TRUE(WaitFor([&] {
      active = ActivePods(env, "bad");
      return !active.empty();
    }));
    ASSERT_TRUE(env.SetPodStatus("default", std::string(StringAt(*active.front(), "metadata.name")),
                                 "Failed", false)
                    .ok());
  }
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "bad"), "Failed");
  }));
  Json job = env.Get(kJobs, "default", "bad");
  EXPECT_EQ(IntAt(job, "status.failed"), 2);
  const JsonValue* c = controllers::FindCondition(job, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt(*c, "reason"), "BackoffLimitExceeded");
  EXPECT_EQ(StringAt(*c, "message"), "Job has reached the specified backoff limit");
  EXPECT_TRUE(controllers::job::HasTrueCondition(job, "FailureTarget"));
}

TEST(JobControllerTest, PodFailurePolicyFailsTheJobOnAnExitCode) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kJobs, "default",
             JobJson("policy", R"("podFailurePolicy":{"rules":[{"action":"FailJob",)"
                               R"("onExitCodes":{"operator":"In","values":[42]}}]},)"));
  std::vector<client::ObjectPtr> active;
  ASSERT_TRUE(WaitFor([&] {
    active = ActivePods(env, "policy");
    return !active.empty();
  }));
  std::string name(StringAt(*active.front(), "metadata.name"));
  auto patched = env.client().Resource(kPods, "default")
                     .Patch(name, client::PatchType::kMerge,
                            R"({"status":{"phase":"Failed","containerStatuses":[{"name":"c",)"
                            R"("state":{"terminated":{"exitCode":42}}}]}})",
                            {}, "status");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "policy"), "Failed");
  }));
  Json failed_job = env.Get(kJobs, "default", "policy");
  const JsonValue* c = controllers::FindCondition(failed_job, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt(*c, "reason"), "PodFailurePolicy");
  EXPECT_EQ(StringAt(*c, "message"), "Container c for pod default/" + name +
                                         " failed with exit code 42 matching FailJob rule at index 0");
}

TEST(JobControllerTest, OnFailureRestartsCountAgainstTheBackoffLimit) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  auto job = ParseJson(
      R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"flaky"},"spec":{"backoffLimit":2,)"
      R"("template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"b"}]}}}})");
  ASSERT_TRUE(env.client().Resource(kJobs, "default").Create(*job).ok());
  std::vector<client::ObjectPtr> active;
  ASSERT_TRUE(WaitFor([&] {
    active = ActivePods(env, "flaky");
    return !active.empty();
  }));
  std::string name(StringAt(*active.front(), "metadata.name"));
  auto restarted = [&](int count) {
    return env.client().Resource(kPods, "default")
        .Patch(name, client::PatchType::kMerge,
               R"({"status":{"phase":"Running","containerStatuses":[{"name":"c","restartCount":)" +
                   std::to_string(count) + "}]}}",
               {}, "status")
        .ok();
  };
  ASSERT_TRUE(restarted(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(controllers::job::HasTrueCondition(env.Get(kJobs, "default", "flaky"), "Failed"));
  ASSERT_TRUE(restarted(2));
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "flaky"), "Failed");
  }));
  Json failed_job = env.Get(kJobs, "default", "flaky");
  const JsonValue* c = controllers::FindCondition(failed_job, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt(*c, "reason"), "BackoffLimitExceeded");
}

// backoffLimitPerIndex: an index fails for good past its own limit, the
// others go on, and the Job fails with FailedIndexes once every index is done.
TEST(JobControllerTest, BackoffLimitPerIndexFailsOnlyThatIndex) {
  ControllerEnv env;
  controllers::JobController controller(
      env.client(), env.informers(), {.backoff = {.base = std::chrono::milliseconds(20)}});
  env.Start(controller);
  env.Create(kJobs, "default",
             JobJson("per", R"("completions":3,"parallelism":3,"completionMode":"Indexed",)"
                            R"("backoffLimitPerIndex":1,)"));
  auto pod_of = [&](int64_t index) -> client::ObjectPtr {
    for (const auto& p : ActivePods(env, "per")) {
      if (controllers::job::PodCompletionIndex(*p) == index) return p;
    }
    return nullptr;
  };
  auto finish = [&](int64_t index, const char* phase) {
    client::ObjectPtr pod;
    ASSERT_TRUE(WaitFor([&] { return (pod = pod_of(index)) != nullptr; })) << "index " << index;
    ASSERT_TRUE(env.SetPodStatus("default", std::string(StringAt(*pod, "metadata.name")), phase, false).ok());
  };
  finish(1, "Failed");
  // The replacement of index 1 knows one failure came before it.
  client::ObjectPtr second;
  ASSERT_TRUE(WaitFor([&] { return (second = pod_of(1)) != nullptr; }));
  EXPECT_EQ(View((*second)["metadata"]["annotations"]["batch.kubernetes.io/job-index-failure-count"]), "1");
  finish(1, "Failed");
  ASSERT_TRUE(WaitFor([&] {
    return StringAt(env.Get(kJobs, "default", "per"), "status.failedIndexes") == "1";
  }));
  finish(0, "Succeeded");
  finish(2, "Succeeded");
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "per"), "Failed");
  }));
  Json job = env.Get(kJobs, "default", "per");
  const JsonValue* c = controllers::FindCondition(job, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt(*c, "reason"), "FailedIndexes");
  EXPECT_EQ(StringAt(*c, "message"), "Job has failed indexes");
  EXPECT_EQ(StringAt(job, "status.completedIndexes"), "0,2");
  EXPECT_EQ(IntAt(job, "status.failed"), 2);
}

// Once SuccessCriteriaMet is set, failures counted later (a surplus pod
// deleted while the Job finishes) do not turn the Job into a failure.
TEST(JobControllerTest, DecidedSuccessIsNotUndoneByLaterFailures) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kJobs, "default", JobJson("done", R"("suspend":true,"backoffLimit":0,)"));
  auto jobs = env.client().Resource(kJobs, "default");
  std::string now = FormatRfc3339(RealClock().Now());
  ASSERT_TRUE(WaitFor([&] {
    return jobs.Patch("done", client::PatchType::kMerge,
                      R"({"status":{"succeeded":1,"failed":2,"conditions":[{"type":"SuccessCriteriaMet",)"
                      R"("status":"True","reason":"CompletionsReached","lastTransitionTime":")" + now +
                          R"("}]}})",
                      {}, "status")
        .ok();
  }));
  ASSERT_TRUE(jobs.Patch("done", client::PatchType::kMerge, R"({"spec":{"suspend":false}})").ok());
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "done"), "Complete");
  }));
  EXPECT_FALSE(controllers::job::HasTrueCondition(env.Get(kJobs, "default", "done"), "Failed"));
}

TEST(JobControllerTest, ReplacementOfAFailedPodWaitsOutTheBackoff) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers(),
                                        {.backoff = {.base = std::chrono::hours(1)}});
  env.Start(controller);
  env.Create(kJobs, "default", JobJson("slow", ""));
  std::vector<client::ObjectPtr> active;
  ASSERT_TRUE(WaitFor([&] {
    active = ActivePods(env, "slow");
    return !active.empty();
  }));
  ASSERT_TRUE(env.SetPodStatus("default", std::string(StringAt(*active.front(), "metadata.name")),
                               "Failed", false)
                  .ok());
  ASSERT_TRUE(WaitFor([&] { return IntAt(env.Get(kJobs, "default", "slow"), "status.failed") == 1; }));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_TRUE(ActivePods(env, "slow").empty());
  EXPECT_EQ(env.List(kPods, "default", "batch.kubernetes.io/job-name=slow").size(), 1u);
}

TEST(JobControllerTest, IndexedJobCreatesOnePodPerIndex) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kJobs, "default",
             JobJson("idx", R"("completions":3,"parallelism":3,"completionMode":"Indexed",)"));
  ASSERT_TRUE(WaitFor([&] { return ActivePods(env, "idx").size() == 3; }));
  std::set<std::string> indexes;
  for (const auto& p : ActivePods(env, "idx")) {
    auto index = controllers::job::PodCompletionIndex(*p);
    ASSERT_TRUE(index.has_value());
    indexes.insert(std::to_string(*index));
    EXPECT_EQ(StringAt(*p, "spec.hostname"), "idx-" + std::to_string(*index));
    ASSERT_TRUE(
        env.SetPodStatus("default", std::string(StringAt(*p, "metadata.name")), "Succeeded", false)
            .ok());
  }
  EXPECT_EQ(indexes, (std::set<std::string>{"0", "1", "2"}));
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "idx"), "Complete");
  }));
  EXPECT_EQ(StringAt(env.Get(kJobs, "default", "idx"), "status.completedIndexes"), "0-2");
}

TEST(JobControllerTest, SuspendedJobRunsNoPods) {
  ControllerEnv env;
  controllers::JobController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kJobs, "default", JobJson("sleepy", R"("suspend":true,)"));
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "sleepy"), "Suspended");
  }));
  EXPECT_TRUE(ActivePods(env, "sleepy").empty());
}

TEST(JobControllerTest, DeadlineFailsTheJobAndTtlDeletesIt) {
  ControllerEnv env;
  testing::FakeClock clock;
  clock.Advance(RealClock().Now() - clock.Now());
  controllers::JobControllerOptions options;
  options.clock = &clock;
  controllers::JobController controller(env.client(), env.informers(), options);
  env.Start(controller);
  env.Create(kJobs, "default",
             JobJson("slow", R"("activeDeadlineSeconds":5,"ttlSecondsAfterFinished":10,)"));
  ASSERT_TRUE(WaitFor([&] { return ActivePods(env, "slow").size() == 1; }));
  clock.Advance(std::chrono::seconds(6));
  ASSERT_TRUE(WaitFor([&] {
    return controllers::job::HasTrueCondition(env.Get(kJobs, "default", "slow"), "Failed");
  }));
  const JsonValue* c = nullptr;
  Json job = env.Get(kJobs, "default", "slow");
  c = controllers::FindCondition(job, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt(*c, "reason"), "DeadlineExceeded");
  EXPECT_EQ(StringAt(*c, "message"), "Job was active longer than specified deadline");
  EXPECT_TRUE(ActivePods(env, "slow").empty());
  clock.Advance(std::chrono::seconds(11));
  ASSERT_TRUE(WaitFor([&] { return !env.Get(kJobs, "default", "slow").IsObject(); }));
}

TEST(JobStatusTest, IndexSetsRoundTrip) {
  EXPECT_EQ(controllers::job::FormatIndexes({0, 1, 2, 5, 7, 8}), "0-2,5,7-8");
  EXPECT_EQ(controllers::job::ParseIndexes("0-2,5,7-8"), (std::set<int64_t>{0, 1, 2, 5, 7, 8}));
}

}  // namespace
}  // namespace ekslite
