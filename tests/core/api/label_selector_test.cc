#include "core/api/label_selector.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace ekslite::api {
namespace {

const char kQualifiedPartMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const char kLabelValueMsg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

Json Parse(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(LabelSelectorTest, ParsesToCanonicalString) {
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"x=a", "x=a"},
      {"x==a", "x==a"},
      {"x!=a", "x!=a"},
      {"y=b,x=a", "x=a,y=b"},
      {" x = a , y in ( c , b , b ) ", "x=a,y in (b,c)"},
      {"x notin (a)", "x notin (a)"},
      {"x", "x"},
      {"!x", "!x"},
      {"! x", "!x"},
      {"x>1", "x>1"},
      {"x<10", "x<10"},
      {"x=", "x="},
      {"x=,y", "x=,y"},
      {"x in ()", "x in ()"},
      {"x in (,a)", "x in (,a)"},
      {"x in (a,)", "x in (,a)"},
      {"x in (a,,b)", "x in (,a,b)"},
      {"in in (in)", "in in (in)"},
      {"notin notin (notin,in)", "notin notin (in,notin)"},
      {"x=a\t,\ny", "x=a,y"},
      {"app.kubernetes.io/name=web-1.0_x", "app.kubernetes.io/name=web-1.0_x"},
      {"x=b,x=a", "x=b,x=a"},
      {"b,!a,c in (z)", "!a,b,c in (z)"},
      {std::string("a,\0b", 4), "a,b"},  // a NUL right after a symbol is swallowed
      {std::string("a\0", 2), "a"},
  };
  for (const Case& c : cases) {
    auto sel = ParseLabelSelector(c.in);
    ASSERT_TRUE(sel.ok()) << c.in << ": " << sel.status().message();
    EXPECT_EQ(sel->String(), c.want) << c.in;
  }
  EXPECT_TRUE(ParseLabelSelector("")->Empty());
}

TEST(LabelSelectorTest, RejectsMalformedInputWithUpstreamMessages) {
  const std::string req = "unable to parse requirement: ";
  const std::string ops = "in, notin, =, ==, !=, gt, lt";
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"x=a b", "found 'b', expected: ',' or 'end of string'"},
      {"x y", req + "found 'y', expected: " + ops},
      {"x (", req + "found '(', expected: " + ops},
      {",x", "found ',', expected: !, identifier, or 'end of string'"},
      {"x,", "found '', expected: identifier after ','"},
      {"x,,y", "found ',', expected: identifier after ','"},
      {"!=a", "found '!=', expected: !, identifier, or 'end of string'"},
      {"(x)", "found '(', expected: !, identifier, or 'end of string'"},
      {"x in", req + "found '' expected: '('"},
      {"x in a", req + "found 'a' expected: '('"},
      {"x in (a", req + "found '', expected: ',' or ')'"},
      {"x in (a b)", req + "found 'b', expected: ',' or ')'"},
      {"x in (=)", req + "found '=', expected: ',', ')' or identifier"},
      {"x in (a,=)", req + "found '=', expected: ',', or identifier"},
      {"x=(a)", req + "found '(', expected: identifier"},
      {"x===a", req + "found '=', expected: identifier"},
      {"!", req + "found '', expected: identifier"},
      {"!!x", req + "found '!', expected: identifier"},
      {"!x=a", "found '=', expected: ',' or 'end of string'"},
      {"x>a", req + "values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be "
                    "an integer"},
      {"x>", req + "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be "
                   "an integer"},
      {"x>-1", req + "values[0][x]: Invalid value: \"-1\": " + kLabelValueMsg},
      {"x>a@b", req +
                    "[values[0]: Invalid value: \"a@b\": for 'Gt', 'Lt' operators, the value "
                    "must be an integer, values[0][x]: Invalid value: \"a@b\": " +
                    kLabelValueMsg + "]"},
      {"x=b@c", req + "values[0][x]: Invalid value: \"b@c\": " + kLabelValueMsg},
      {"a@b=c", req + "<nil>: Invalid value: \"a@b\": name part " + kQualifiedPartMsg},
      {"/x", req + "<nil>: Invalid value: \"/x\": prefix part must be non-empty"},
      {"x/", req + "<nil>: Invalid value: \"x/\": name part must be non-empty; name part " +
                 kQualifiedPartMsg},
      {std::string("a\0b", 3), req + "found 'b', expected: " + ops},
      {std::string("a, \0b", 5), "found '', expected: identifier after ','"},
      {"x in (,,)", req + "found ')', expected: ',', or identifier"},
  };
  for (const Case& c : cases) {
    auto sel = ParseLabelSelector(c.in);
    ASSERT_FALSE(sel.ok()) << c.in;
    EXPECT_EQ(sel.status().code(), Code::kBadRequest);
    EXPECT_EQ(sel.status().message(), c.want) << c.in;
  }
}

TEST(LabelSelectorTest, SurvivesHostileInput) {
  for (std::string s : {std::string(100000, '('), std::string(100000, '!'),
                        std::string(50000, ',') + "x", "x in (" + std::string(100000, ',') + ")",
                        std::string("\xff\xfe=\x80"), std::string(100000, 'a') + "="}) {
    auto sel = ParseLabelSelector(s);
    (void)sel;  // must not crash; errors are fine
  }
  auto many = ParseLabelSelector("x in (" + std::string(99999, ',') + ")");
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->String(), "x in ()");
}

TEST(LabelSelectorTest, RandomInputNeverCrashesAndRoundTrips) {
  const std::string alphabet = std::string("ab1=!(),<> \t-./_in") + '\0' + "\xff";
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (size_t n = rng() % 16; n > 0; --n) s.push_back(alphabet[rng() % alphabet.size()]);
    auto sel = ParseLabelSelector(s);
    if (!sel.ok()) continue;
    // The canonical form parses back to itself.
    auto again = ParseLabelSelector(sel->String());
    ASSERT_TRUE(again.ok()) << s << " -> " << sel->String();
    EXPECT_EQ(again->String(), sel->String());
  }
}

TEST(LabelSelectorTest, MatchesLikeUpstream) {
  Json labels = Parse(R"({"app":"web","tier":"fe","n":"5","odd":7})");
  struct Case {
    std::string selector;
    bool want;
  };
  const Case cases[] = {
      {"", true},
      {"app=web", true},
      {"app==web", true},
      {"app=db", false},
      {"app!=db", true},
      {"app!=web", false},
      {"missing!=x", true},
      {"app in (db,web)", true},
      {"app notin (db,web)", false},
      {"missing notin (x)", true},
      {"missing in (x)", false},
      {"app", true},
      {"!app", false},
      {"!missing", true},
      {"n>4", true},
      {"n>5", false},
      {"n<6", true},
      {"app>1", false},      // label is not an integer
      {"missing<1", false},  // absent label never compares
      {"odd", false},        // non-string members count as absent
      {"app=web,tier=fe", true},
      {"app=web,tier=be", false},
      {"missing=", false},
  };
  for (const Case& c : cases) {
    auto sel = ParseLabelSelector(c.selector);
    ASSERT_TRUE(sel.ok()) << c.selector;
    EXPECT_EQ(sel->Matches(labels), c.want) << c.selector;
  }
  std::map<std::string, std::string> map_labels = {{"app", "web"}, {"n", "5"}};
  EXPECT_TRUE(ParseLabelSelector("app=web,n>2")->Matches(map_labels));
  EXPECT_FALSE(ParseLabelSelector("app=web,n>7")->Matches(map_labels));
  EXPECT_TRUE(ParseLabelSelector("!app")->Matches(Parse("null")));
  EXPECT_FALSE(LabelSelector::Nothing().Matches(map_labels));
  EXPECT_TRUE(LabelSelector().Matches(map_labels));
}

TEST(LabelSelectorTest, MatchesObjectsByMetadataLabels) {
  Json pod = Parse(R"({"metadata":{"name":"p","labels":{"app":"web"}}})");
  Json bare = Parse(R"({"metadata":{"name":"q"}})");
  auto sel = ParseLabelSelector("app=web");
  EXPECT_TRUE(sel->MatchesObject(pod));
  EXPECT_FALSE(sel->MatchesObject(bare));
  EXPECT_TRUE(ParseLabelSelector("!app")->MatchesObject(bare));
}

TEST(LabelSelectorTest, RequiresExactMatch) {
  auto sel = ParseLabelSelector("a=1,b in (2),c in (3,4),d!=5");
  EXPECT_EQ(sel->RequiresExactMatch("a"), "1");
  EXPECT_EQ(sel->RequiresExactMatch("b"), "2");
  EXPECT_EQ(sel->RequiresExactMatch("c"), std::nullopt);
  EXPECT_EQ(sel->RequiresExactMatch("d"), std::nullopt);
  EXPECT_EQ(sel->RequiresExactMatch("e"), std::nullopt);
}

TEST(LabelSelectorTest, SelectorFromSetSortsKeys) {
  LabelSelector sel = SelectorFromSet({{"b", "2"}, {"a", "1"}});
  EXPECT_EQ(sel.String(), "a=1,b=2");
  EXPECT_TRUE(SelectorFromSet({}).Empty());
}

TEST(LabelSelectorJsonTest, ConvertsMetav1LabelSelectors) {
  EXPECT_TRUE(LabelSelectorFromJson(nullptr)->IsNothing());
  Json null_doc = Parse("null");
  EXPECT_TRUE(LabelSelectorFromJson(&null_doc)->IsNothing());
  Json empty = Parse("{}");
  EXPECT_TRUE(LabelSelectorFromJson(&empty)->Empty());
  Json deploy = Parse(R"({"matchLabels":{"app":"web"},"matchExpressions":[
      {"key":"tier","operator":"In","values":["fe","be"]},
      {"key":"env","operator":"DoesNotExist"},
      {"key":"canary","operator":"NotIn","values":["true"]},
      {"key":"zone","operator":"Exists","values":[]}]})");
  auto sel = LabelSelectorFromJson(&deploy);
  ASSERT_TRUE(sel.ok()) << sel.status().message();
  EXPECT_EQ(sel->String(), "app=web,canary notin (true),!env,tier in (be,fe),zone");
  Json pod = Parse(R"({"app":"web","tier":"be","zone":"a"})");
  EXPECT_TRUE(sel->Matches(pod));
}

TEST(LabelSelectorJsonTest, ReportsUpstreamConversionErrors) {
  struct Case {
    const char* json;
    std::string want;
  };
  const Case cases[] = {
      {R"({"matchExpressions":[{"key":"a","operator":"Foo"}]})",
       "\"Foo\" is not a valid label selector operator"},
      {R"({"matchExpressions":[{"key":"a","operator":"In","values":[]}]})",
       "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be "
       "empty"},
      {R"({"matchExpressions":[{"key":"a","operator":"NotIn"}]})",
       "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be "
       "empty"},
      {R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})",
       "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not "
       "exist"},
      {R"({"matchExpressions":[{"key":"a b","operator":"Exists"}]})",
       std::string("key: Invalid value: \"a b\": name part ") + kQualifiedPartMsg},
      {R"({"matchLabels":{"app":"-x"}})",
       std::string("values[0][app]: Invalid value: \"-x\": ") + kLabelValueMsg},
      {R"({"matchLabels":{"app":1}})", "matchLabels values must be strings"},
      {R"({"matchExpressions":{}})", "matchExpressions must be an array"},
      {R"([])", "a label selector must be an object"},
  };
  for (const Case& c : cases) {
    Json doc = Parse(c.json);
    auto sel = LabelSelectorFromJson(&doc);
    ASSERT_FALSE(sel.ok()) << c.json;
    EXPECT_EQ(sel.status().code(), Code::kBadRequest);
    EXPECT_EQ(sel.status().message(), c.want) << c.json;
  }
}

TEST(LabelSelectorJsonTest, ValidatesSpecSelectors) {
  Json doc = Parse(R"({"matchLabels":{"app":"-x"},"matchExpressions":[
      {"key":"a","operator":"In"},
      {"key":"b","operator":"Exists","values":["v"]},
      {"key":"c d","operator":"Foo"},
      {"key":"e","operator":"In","values":["ok","-bad"]}]})");
  ErrorList errors;
  ValidateLabelSelector(doc, FieldPath("spec").Child("selector"), &errors);
  std::vector<std::string> got;
  for (const FieldError& e : errors) got.push_back(e.ToString());
  std::vector<std::string> want = {
      std::string("spec.selector.matchLabels: Invalid value: \"-x\": ") + kLabelValueMsg,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when "
      "`operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when "
      "`operator` is 'Exists' or 'DoesNotExist'",
      "spec.selector.matchExpressions[2].operator: Invalid value: \"Foo\": not a valid selector "
      "operator",
      std::string("spec.selector.matchExpressions[2].key: Invalid value: \"c d\": name part ") +
          kQualifiedPartMsg,
      std::string("spec.selector.matchExpressions[3].values[1]: Invalid value: \"-bad\": ") +
          kLabelValueMsg,
  };
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace ekslite::api
