#include "apiserver/resources/pod_update_rules.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

// The aggregate error of updating the pod spec `old_json` to `new_json`; ""
// when allowed.
std::string Update(const std::string& old_json, const std::string& new_json) {
  auto old_spec = ParseJson(old_json);
  auto spec = ParseJson(new_json);
  EXPECT_TRUE(old_spec.ok() && spec.ok());
  api::ErrorList errors;
  ValidatePodSpecUpdate(*spec, *old_spec, &errors);
  return errors.ToAggregateString();
}

constexpr const char* kPod =
    R"({"restartPolicy":"Always","containers":[{"name":"c","image":"a:1"}],)"
    R"("tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]})";

TEST(PodUpdateRulesTest, ImagesDeadlinesAndNewTolerationsMayChange) {
  EXPECT_EQ(Update(kPod, R"({"restartPolicy":"Always","containers":[{"name":"c","image":"a:2"}],)"
                         R"("activeDeadlineSeconds":60,"tolerations":[)"
                         R"({"key":"k","operator":"Exists","effect":"NoSchedule"},)"
                         R"({"key":"other","operator":"Exists"}]})"),
            "");
}

TEST(PodUpdateRulesTest, EmptyAndAbsentAreTheSame) {
  EXPECT_EQ(Update(kPod, R"({"restartPolicy":"Always","containers":[{"name":"c","image":"a:1",)"
                         R"("env":[]}],"nodeSelector":{},"tolerations":[)"
                         R"({"key":"k","operator":"Exists","effect":"NoSchedule"}]})"),
            "");
}

TEST(PodUpdateRulesTest, OtherChangesAreForbidden) {
  std::string forbidden = Update(
      kPod, R"({"restartPolicy":"Never","containers":[{"name":"c","image":"a:1"}],)"
            R"("tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]})");
  EXPECT_EQ(forbidden.rfind("spec: Forbidden: pod updates may not change fields other than "
                            "`spec.containers[*].image`,",
                            0),
            0u)
      << forbidden;
  EXPECT_NE(Update(kPod, R"({"restartPolicy":"Always","nodeName":"n",)"
                         R"("containers":[{"name":"c","image":"a:1"}],"tolerations":[)"
                         R"({"key":"k","operator":"Exists","effect":"NoSchedule"}]})"),
            "");
  EXPECT_NE(Update(kPod, R"({"restartPolicy":"Always","containers":[{"name":"c","image":"a:1"},)"
                         R"({"name":"d","image":"b"}],"tolerations":[)"
                         R"({"key":"k","operator":"Exists","effect":"NoSchedule"}]})"),
            "");
}

TEST(PodUpdateRulesTest, ExistingTolerationsStay) {
  EXPECT_EQ(Update(kPod, R"({"restartPolicy":"Always","containers":[{"name":"c","image":"a:1"}]})"),
            "spec.tolerations: Forbidden: existing toleration can not be modified except its "
            "tolerationSeconds");
}

TEST(PodUpdateRulesTest, SchedulingGatesMayOnlyGo) {
  std::string gated = R"({"containers":[{"name":"c","image":"a"}],"schedulingGates":[)"
                      R"({"name":"a"},{"name":"b"}]})";
  EXPECT_EQ(Update(gated, R"({"containers":[{"name":"c","image":"a"}],)"
                          R"("schedulingGates":[{"name":"b"}]})"),
            "");
  EXPECT_NE(Update(gated, R"({"containers":[{"name":"c","image":"a"}],)"
                          R"("schedulingGates":[{"name":"c"}]})"),
            "");
}

}  // namespace
}  // namespace ekslite::apiserver
