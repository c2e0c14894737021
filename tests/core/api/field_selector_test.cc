#include "core/api/field_selector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

namespace ekslite::api {
namespace {

TEST(FieldSelectorTest, ParsesTermsSortedWithEscapes) {
  struct Case {
    std::string in;
    std::string want;  // String()
  };
  const Case cases[] = {
      {"", ""},
      {",", ""},
      {"metadata.name=web", "metadata.name=web"},
      {"metadata.name==web", "metadata.name=web"},
      {"status.phase!=Running", "status.phase!=Running"},
      {"spec.nodeName=", "spec.nodeName="},
      {"b=2,a=1", "a=1,b=2"},
      {"a=1,,b=2,", "a=1,b=2"},
      {R"(a=x\,y)", R"(a=x\,y)"},
      {R"(a=x\=y\\z)", R"(a=x\=y\\z)"},
      {" a = b ", " a = b "},  // nothing is trimmed
      {"=v", "=v"},            // an empty field parses (and is rejected by label checks)
      {"a!b=c", "a!b=c"},
  };
  for (const Case& c : cases) {
    auto sel = ParseFieldSelector(c.in);
    ASSERT_TRUE(sel.ok()) << c.in << ": " << sel.status().message();
    EXPECT_EQ(sel->String(), c.want) << c.in;
  }
  auto sel = ParseFieldSelector(R"(b=2,a=x\,y,c!=)");
  ASSERT_TRUE(sel.ok());
  ASSERT_EQ(sel->requirements().size(), 3u);
  EXPECT_EQ(sel->requirements()[0].field, "a");
  EXPECT_EQ(sel->requirements()[0].value, "x,y");
  EXPECT_EQ(sel->requirements()[2].field, "c");
  EXPECT_FALSE(sel->requirements()[2].equals);
  EXPECT_EQ(sel->requirements()[2].value, "");
}

TEST(FieldSelectorTest, RejectsMalformedInputWithUpstreamMessages) {
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"a", "invalid selector: 'a'; can't understand 'a'"},
      {"a=1,b", "invalid selector: 'a=1,b'; can't understand 'b'"},
      {"a=x,y", "invalid selector: 'a=x,y'; can't understand 'y'"},
      {"a==b=", "invalid field selector: unescaped character in value: 61"},
      {"a!==b", "invalid field selector: unescaped character in value: 61"},
      {"a===b", "invalid field selector: unescaped character in value: 61"},
      {R"(a=x\y)", R"(invalid field selector: invalid escape sequence: \y)"},
      {R"(a=x\)", R"(invalid field selector: invalid escape sequence: \)"},
      {"a=x\\\xc3\xa9", "invalid field selector: invalid escape sequence: \\\xc3\xa9"},
      {"a=x\\\xff", "invalid field selector: invalid escape sequence: \\\xef\xbf\xbd"},
  };
  for (const Case& c : cases) {
    auto sel = ParseFieldSelector(c.in);
    ASSERT_FALSE(sel.ok()) << c.in;
    EXPECT_EQ(sel.status().code(), Code::kBadRequest);
    EXPECT_EQ(sel.status().message(), c.want) << c.in;
  }
}

TEST(FieldSelectorTest, MatchesWithMissingFieldsReadAsEmpty) {
  auto sel = ParseFieldSelector("metadata.name=web,spec.nodeName!=");
  ASSERT_TRUE(sel.ok());
  std::map<std::string, std::string, std::less<>> fields = {{"metadata.name", "web"},
                                                            {"spec.nodeName", "n1"}};
  EXPECT_TRUE(sel->Matches(fields));
  fields.erase("spec.nodeName");
  EXPECT_FALSE(sel->Matches(fields));
  EXPECT_TRUE(ParseFieldSelector("spec.nodeName=")->Matches(fields));
  int calls = 0;
  auto getter = [&](std::string_view field) -> std::optional<std::string> {
    ++calls;
    if (field == "metadata.name") return "web";
    return std::nullopt;
  };
  EXPECT_TRUE(ParseFieldSelector("metadata.name=web")->Matches(getter));
  EXPECT_FALSE(ParseFieldSelector("metadata.name!=web")->Matches(getter));
  EXPECT_TRUE(ParseFieldSelector("status.phase!=Running")->Matches(getter));
  EXPECT_TRUE(FieldSelector().Matches(getter));
  EXPECT_EQ(calls, 3);
}

TEST(FieldSelectorTest, RequiresExactMatch) {
  auto sel = ParseFieldSelector("metadata.name=web,spec.nodeName!=n1");
  EXPECT_EQ(sel->RequiresExactMatch("metadata.name"), "web");
  EXPECT_EQ(sel->RequiresExactMatch("spec.nodeName"), std::nullopt);
}

TEST(FieldSelectorTest, ChecksFieldLabels) {
  auto sel = ParseFieldSelector("spec.foo=x,metadata.name=a");
  ASSERT_TRUE(sel.ok());
  Status s = CheckFieldLabels(*sel, {"metadata.name", "metadata.namespace", "spec.nodeName"});
  EXPECT_EQ(s.code(), Code::kBadRequest);
  EXPECT_EQ(s.message(), "field label not supported: spec.foo");
  EXPECT_TRUE(CheckFieldLabels(*ParseFieldSelector("metadata.name=a"), {"metadata.name"}).ok());
  Status meta = CheckMetadataFieldLabels(*sel);
  EXPECT_EQ(meta.code(), Code::kBadRequest);
  EXPECT_EQ(meta.message(), R"("spec.foo" is not a known field selector: only "metadata.name", )"
                            R"("metadata.namespace")");
  EXPECT_TRUE(CheckMetadataFieldLabels(*ParseFieldSelector("metadata.namespace=x")).ok());
}

TEST(FieldSelectorTest, EscapesValues) {
  EXPECT_EQ(EscapeFieldValue(R"(a\b,c=d)"), R"(a\\b\,c\=d)");
  auto round = ParseFieldSelector("f=" + EscapeFieldValue(R"(a\b,c=d)"));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->requirements()[0].value, R"(a\b,c=d)");
}

std::vector<std::tuple<std::string, bool, std::string>> Tuples(const FieldSelector& sel) {
  std::vector<std::tuple<std::string, bool, std::string>> out;
  for (const FieldRequirement& r : sel.requirements()) out.emplace_back(r.field, r.equals, r.value);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FieldSelectorTest, RandomInputNeverCrashesAndRoundTrips) {
  const std::string alphabet = "ab=!,\\.\xc3\xa9\xff ";
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (size_t n = rng() % 14; n > 0; --n) s.push_back(alphabet[rng() % alphabet.size()]);
    auto sel = ParseFieldSelector(s);
    if (!sel.ok()) continue;
    auto again = ParseFieldSelector(sel->String());
    ASSERT_TRUE(again.ok()) << s << " -> " << sel->String();
    EXPECT_EQ(Tuples(*again), Tuples(*sel)) << s;
  }
}

TEST(FieldSelectorTest, SurvivesHostileInput) {
  std::string big(200000, ',');
  EXPECT_TRUE(ParseFieldSelector(big).ok());
  EXPECT_FALSE(ParseFieldSelector(std::string(100000, '\\')).ok());
  EXPECT_FALSE(ParseFieldSelector("a=" + std::string(100001, '\\')).ok());
  EXPECT_TRUE(ParseFieldSelector("a=" + std::string(100000, '\\')).ok());
}

}  // namespace
}  // namespace ekslite::api
