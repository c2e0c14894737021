#include "apiserver/table/table.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(TableTest, HumanDurationsReadAsKubectlPrintsThem) {
  EXPECT_EQ(HumanDuration(seconds(-5)), "<invalid>");
  EXPECT_EQ(HumanDuration(seconds(45)), "45s");
  EXPECT_EQ(HumanDuration(seconds(119)), "119s");
  EXPECT_EQ(HumanDuration(seconds(200)), "3m20s");
  EXPECT_EQ(HumanDuration(minutes(5)), "5m");
  EXPECT_EQ(HumanDuration(minutes(90)), "90m");
  EXPECT_EQ(HumanDuration(minutes(200)), "3h20m");
  EXPECT_EQ(HumanDuration(hours(30)), "30h");
  EXPECT_EQ(HumanDuration(hours(50)), "2d2h");
  EXPECT_EQ(HumanDuration(hours(24 * 30)), "30d");
  EXPECT_EQ(HumanDuration(hours(24 * (365 * 3 + 4))), "3y4d");
  EXPECT_EQ(HumanDuration(hours(24 * 365 * 9)), "9y");
}

TEST(TableTest, DefaultTableHasNameAndCreatedAt) {
  ResourceInfo info;
  std::string t =
      BuildTable(info, {R"({"metadata":{"name":"a","creationTimestamp":"2024-01-01T00:00:00Z"}})"},
                 TableOptions{}, Clock::time_point());
  auto doc = ParseJson(t);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(StringAt((*Path(*doc, "columnDefinitions"))[1], "name"), "Created At");
  EXPECT_EQ(View((*Path(*doc, "rows"))[0]["cells"][1]), "2024-01-01T00:00:00Z");
}

}  // namespace
}  // namespace ekslite::apiserver
