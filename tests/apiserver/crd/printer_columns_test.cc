#include "apiserver/crd/printer_columns.h"

#include <gtest/gtest.h>

#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

std::vector<std::string> Cells(const std::vector<CrdColumn>& columns, std::string_view object,
                               Clock::time_point now) {
  ResourceInfo info;
  EXPECT_TRUE(UsePrinterColumns(columns, &info).ok());
  auto doc = ParseJson(object);
  std::vector<std::string> cells;
  info.row(*doc, now, &cells);
  return cells;
}

TEST(PrinterColumnsTest, CellsByColumnType) {
  std::vector<CrdColumn> columns = {
      {"Count", "integer", "", "", ".spec.count", 0},
      {"Ratio", "number", "", "", ".spec.ratio", 0},
      {"On", "boolean", "", "", ".spec.on", 0},
      {"Labels", "string", "", "", ".spec.labels", 0},
      {"Missing", "string", "", "", ".spec.none", 0},
      {"When", "date", "", "", ".spec.when", 0},
  };
  Clock::time_point when;
  ASSERT_TRUE(ParseRfc3339("2024-01-01T00:00:00Z", &when));
  auto cells = Cells(columns,
                     R"({"metadata":{"name":"x"},"spec":{"count":3.7,"ratio":0.5,"on":true,)"
                     R"("labels":{"a":"b"},"when":"2024-01-01T00:00:00Z"}})",
                     when + std::chrono::hours(50));
  EXPECT_EQ(cells, (std::vector<std::string>{R"("x")", "3", "0.5", "true", R"("map[a:b]")", "null",
                                             R"("2d2h")"}));
}

TEST(PrinterColumnsTest, DefaultIsNameAndAge) {
  ResourceInfo info;
  ASSERT_TRUE(UsePrinterColumns({}, &info).ok());
  ASSERT_EQ(info.columns.size(), 2u);
  EXPECT_EQ(info.columns[0].name, "Name");
  EXPECT_EQ(info.columns[1].name, "Age");
  EXPECT_EQ(info.columns[1].type, "date");
}

TEST(PrinterColumnsTest, BadPathIsInvalid) {
  ResourceInfo info;
  EXPECT_FALSE(UsePrinterColumns({{"X", "string", "", "", "spec[", 0}}, &info).ok());
}

}  // namespace
}  // namespace ekslite::apiserver
