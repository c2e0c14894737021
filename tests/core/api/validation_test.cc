#include "core/api/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace ekslite::api {
namespace {

const char kLabelMsg[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const char kSubdomainMsg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const char kDns1035Msg[] =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const char kQualifiedPartMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const char kLabelValueMsg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

using Checker = Problems (*)(std::string_view);

struct Case {
  Checker check;
  std::string value;
  Problems want;
};

TEST(ValidationTest, NameRulesMatchUpstreamMessages) {
  const std::string max63 = "must be no more than 63 characters";
  const Case cases[] = {
      {IsDns1123Label, "my-name", {}},
      {IsDns1123Label, "0", {}},
      {IsDns1123Label, std::string(63, 'a'), {}},
      {IsDns1123Label, std::string(64, 'a'), {max63}},
      {IsDns1123Label, "", {kLabelMsg}},
      {IsDns1123Label, "My-name", {kLabelMsg}},
      {IsDns1123Label, "-a", {kLabelMsg}},
      {IsDns1123Label, "a-", {kLabelMsg}},
      {IsDns1123Label, "a_b", {kLabelMsg}},
      {IsDns1123Label, "a.b", {"must not contain dots"}},
      {IsDns1123Label, "a..b", {kLabelMsg}},
      {IsDns1123Subdomain, "example.com", {}},
      {IsDns1123Subdomain, "a.b-c.d", {}},
      {IsDns1123Subdomain, "", {kSubdomainMsg}},
      {IsDns1123Subdomain, "a..b", {kSubdomainMsg}},
      {IsDns1123Subdomain, ".a", {kSubdomainMsg}},
      {IsDns1123Subdomain, "a.", {kSubdomainMsg}},
      {IsDns1123Subdomain, "a.-b", {kSubdomainMsg}},
      {IsDns1123Subdomain, "Example.com", {kSubdomainMsg}},
      {IsDns1123Subdomain, std::string(253, 'a'), {}},
      {IsDns1123Subdomain, std::string(254, 'a'), {"must be no more than 253 characters"}},
      {IsDns1123Subdomain,
       std::string(254, '_'),
       {"must be no more than 253 characters", kSubdomainMsg}},
      {IsDns1035Label, "my-svc", {}},
      {IsDns1035Label, "1abc", {kDns1035Msg}},
      {IsDns1035Label, "a.b", {kDns1035Msg}},
      {IsDns1035Label, std::string(64, 'a'), {max63}},
  };
  for (const Case& c : cases) EXPECT_EQ(c.check(c.value), c.want) << c.value;
}

TEST(ValidationTest, QualifiedNamesAndLabelValuesMatchUpstreamMessages) {
  const std::string name_part = std::string("name part ") + kQualifiedPartMsg;
  const Case cases[] = {
      {IsQualifiedName, "app", {}},
      {IsQualifiedName, "app.kubernetes.io/name", {}},
      {IsQualifiedName, "Example_Name.1", {}},
      {IsQualifiedName, "", {"name part must be non-empty", name_part}},
      {IsQualifiedName, "a b", {name_part}},
      {IsQualifiedName, "_a", {name_part}},
      {IsQualifiedName, std::string(64, 'a'), {"name part must be no more than 63 characters"}},
      {IsQualifiedName, "/a", {"prefix part must be non-empty"}},
      {IsQualifiedName, "a/", {"name part must be non-empty", name_part}},
      {IsQualifiedName, "Example.com/a", {std::string("prefix part ") + kSubdomainMsg}},
      {IsQualifiedName,
       "a/b/c",
       {std::string("a qualified name ") + kQualifiedPartMsg +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}},
      {IsValidLabelValue, "", {}},
      {IsValidLabelValue, "v1.2_3-x", {}},
      {IsValidLabelValue, "-a", {kLabelValueMsg}},
      {IsValidLabelValue, "a b", {kLabelValueMsg}},
      {IsValidLabelValue, std::string(64, 'a'), {"must be no more than 63 characters"}},
      {IsValidPathSegmentName, "ok", {}},
      {IsValidPathSegmentName, ".", {"may not be '.'"}},
      {IsValidPathSegmentName, "..", {"may not be '..'"}},
      {IsValidPathSegmentName, "a/b%c", {"may not contain '/'", "may not contain '%'"}},
      {IsValidPathSegmentPrefix, "..", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(c.check(c.value), c.want) << c.value;
}

TEST(ValidationTest, NameValidatorsAllowATrailingDashInPrefixes) {
  EXPECT_TRUE(NameIsDnsSubdomain("web-", true).empty());
  EXPECT_FALSE(NameIsDnsSubdomain("web-", false).empty());
  EXPECT_TRUE(NameIsDnsLabel("ns-", true).empty());
  EXPECT_TRUE(NameIsDns1035Label("svc-", true).empty());
  EXPECT_TRUE(NameIsDnsSubdomain("-", true).empty());
  EXPECT_EQ(NameIsDnsSubdomain("Web-", true), Problems{kSubdomainMsg});
  EXPECT_TRUE(NameIsPathSegment("..x", true).empty());
  EXPECT_EQ(NameIsPathSegment("..", false), Problems{"may not be '..'"});
}

TEST(ValidationTest, GenerateNameAppendsFiveCharsAndTruncates) {
  size_t calls = 0;
  RandomIndex first = [&](size_t n) {
    ++calls;
    EXPECT_EQ(n, 27u);
    return size_t{0};
  };
  EXPECT_EQ(GenerateName("web-", first), "web-bbbbb");
  EXPECT_EQ(calls, 5u);
  RandomIndex last = [](size_t n) { return n - 1; };
  EXPECT_EQ(GenerateName("", last), "99999");
  std::string long_prefix(70, 'x');
  std::string name = GenerateName(long_prefix, last);
  EXPECT_EQ(name, std::string(58, 'x') + "99999");
  EXPECT_TRUE(IsDns1123Label(name).empty());
}

TEST(ValidationTest, ValidatesLabelsAndAnnotations) {
  auto doc = ParseJson(R"({"labels":{"app":"web","bad key":"x","k":"-v"},
                           "annotations":{"Example.COM/Key":"ok","a/b/c":"v"}})");
  ASSERT_TRUE(doc.ok());
  ErrorList errors;
  ValidateLabels((*doc)["labels"], FieldPath("metadata").Child("labels"), &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(
      errors[0].ToString(),
      std::string("metadata.labels: Invalid value: \"bad key\": name part ") + kQualifiedPartMsg);
  EXPECT_EQ(errors[1].ToString(),
            std::string("metadata.labels: Invalid value: \"-v\": ") + kLabelValueMsg);
  ErrorList annotation_errors;
  ValidateAnnotations((*doc)["annotations"], FieldPath("metadata").Child("annotations"),
                      &annotation_errors);
  ASSERT_EQ(annotation_errors.size(), 1u);
  EXPECT_EQ(annotation_errors[0].field, "metadata.annotations");
  EXPECT_EQ(annotation_errors[0].Body().substr(0, 30), "Invalid value: \"a/b/c\": a qual");
}

TEST(ValidationTest, AnnotationsMayTotal256KiB) {
  Json doc;
  doc.SetObject();
  std::string value(256 * 1024 - 1, 'v');
  SetString(doc, "k", value, doc.GetAllocator());
  ErrorList ok;
  ValidateAnnotations(doc, FieldPath("metadata").Child("annotations"), &ok);
  EXPECT_TRUE(ok.empty());
  SetString(doc, "k2", "", doc.GetAllocator());  // one more byte of key
  ErrorList errors;
  ValidateAnnotations(doc, FieldPath("metadata").Child("annotations"), &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "metadata.annotations: Too long: may not be more than 262144 bytes");
}

}  // namespace
}  // namespace ekslite::api
