#include "apiserver/response.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ekslite::apiserver {
namespace {

std::vector<std::string> WarningHeaders(const http::Response& r) {
  std::vector<std::string> out;
  for (const auto& field : r.head) {
    if (field.name_string() == "Warning") out.emplace_back(field.value());
  }
  return out;
}

TEST(AddWarningsTest, OneHeaderPerDistinctWarning) {
  http::Response r;
  AddWarnings(r, {"unknown field \"spec.a\"", "unknown field \"spec.a\"", "b"});
  EXPECT_EQ(WarningHeaders(r),
            (std::vector<std::string>{"299 - \"unknown field \\\"spec.a\\\"\"", "299 - \"b\""}));
}

TEST(AddWarningsTest, TooManyBytesTruncatesEachAndStopsAtFourKiB) {
  std::vector<std::string> warnings;
  for (int i = 0; i < 40; ++i) warnings.push_back(std::to_string(i) + std::string(300, 'x'));
  http::Response r;
  AddWarnings(r, warnings);
  std::vector<std::string> headers = WarningHeaders(r);
  size_t total = 0;
  for (const std::string& h : headers) {
    total += h.size();
    EXPECT_LE(h.size(), 256u + 8u);
  }
  EXPECT_LE(total, 4096u);
  EXPECT_EQ(headers.size(), 4096u / (256 + 8));
  EXPECT_EQ(headers.front(), "299 - \"0" + std::string(255, 'x') + "\"");
}

TEST(AddWarningsTest, TruncationKeepsUtf8Whole) {
  std::vector<std::string> warnings;
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xc3\xa9";  // é, two bytes
  for (int i = 0; i < 20; ++i) warnings.push_back("w" + std::to_string(i) + accented);
  http::Response r;
  AddWarnings(r, warnings);
  for (const std::string& h : WarningHeaders(r)) {
    std::string text = h.substr(7, h.size() - 8);
    EXPECT_NE(static_cast<unsigned char>(text.back()), 0xc3u) << h;
  }
}

}  // namespace
}  // namespace ekslite::apiserver
