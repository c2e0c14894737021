#include "core/api/field_errors.h"

#include <gtest/gtest.h>

namespace ekslite::api {
namespace {

TEST(FieldPathTest, RendersLikeUpstream) {
  EXPECT_EQ(FieldPath().String(), "<nil>");
  EXPECT_EQ(FieldPath().Child("key").String(), "key");
  EXPECT_EQ(FieldPath().Child("values").Index(0).Key("a").String(), "values[0][a]");
  EXPECT_EQ(FieldPath("metadata").Child("name").String(), "metadata.name");
  EXPECT_EQ(FieldPath("spec").Child("containers").Index(2).Child("name").String(),
            "spec.containers[2].name");
  EXPECT_EQ(FieldPath("metadata").Child("labels").Key("app").String(), "metadata.labels[app]");
  EXPECT_EQ(FieldPath("").Child("x").String(), ".x");
  EXPECT_EQ(FieldPath().Index(3).String(), "[3]");
}

TEST(FieldErrorTest, BodiesMatchUpstream) {
  const FieldPath p("metadata");
  struct Case {
    FieldError error;
    std::string cause_reason;
    std::string body;
  };
  const Case cases[] = {
      {Required(p.Child("name"), "name or generateName is required"), "FieldValueRequired",
       "Required value: name or generateName is required"},
      {Required(p.Child("namespace"), ""), "FieldValueRequired", "Required value"},
      {Invalid(p.Child("name"), "A_b", "bad"), "FieldValueInvalid", "Invalid value: \"A_b\": bad"},
      {Invalid(p.Child("generation"), BadValue::Int(-1), "must be greater than or equal to 0"),
       "FieldValueInvalid", "Invalid value: -1: must be greater than or equal to 0"},
      {Invalid(p, BadValue::StringSlice({}), "x"), "FieldValueInvalid",
       "Invalid value: []string(nil): x"},
      {Forbidden(p.Child("namespace"), "not allowed on this type"), "FieldValueForbidden",
       "Forbidden: not allowed on this type"},
      {TooLong(p.Child("annotations"), 262144), "FieldValueTooLong",
       "Too long: may not be more than 262144 bytes"},
      {TooLong(p, 1), "FieldValueTooLong", "Too long: may not be more than 1 byte"},
      {TooLong(p, -1), "FieldValueTooLong", "Too long: value is too long"},
      {TooMany(p, 5, 3), "FieldValueTooMany", "Too many: 5: must have at most 3 items"},
      {TooMany(p, -1, 1), "FieldValueTooMany", "Too many: must have at most 1 item"},
      {NotSupported(p, BadValue::String("Foo"), {"Always", "Never"}), "FieldValueNotSupported",
       "Unsupported value: \"Foo\": supported values: \"Always\", \"Never\""},
      {Duplicate(p, BadValue::String("x")), "FieldValueDuplicate", "Duplicate value: \"x\""},
      {NotFound(p, BadValue::String("v")), "FieldValueNotFound", "Not found: \"v\""},
      {InternalError(p, "boom"), "InternalError", "Internal error: boom"},
      {TypeInvalid(p, BadValue::Bool(true), "must be a string"), "FieldValueTypeInvalid",
       "Invalid value: true: must be a string"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CauseReason(c.error.type), c.cause_reason);
    EXPECT_EQ(c.error.Body(), c.body);
  }
  EXPECT_EQ(Required(p.Child("name"), "x").ToString(), "metadata.name: Required value: x");
}

TEST(ErrorListTest, AggregatesWithoutBracketsForOneMessage) {
  ErrorList errors;
  EXPECT_EQ(errors.ToAggregateString(), "");
  errors.Add(Required(FieldPath("metadata").Child("name"), "name or generateName is required"));
  EXPECT_EQ(errors.ToAggregateString(),
            "metadata.name: Required value: name or generateName is required");
  // A repeated message is reported once and keeps the single form.
  errors.Add(errors[0]);
  EXPECT_EQ(errors.ToAggregateString(),
            "metadata.name: Required value: name or generateName is required");
}

TEST(ErrorListTest, AggregatesSeveralInBrackets) {
  ErrorList errors;
  errors.Add(Required(FieldPath("metadata").Child("name"), "name or generateName is required"));
  errors.Add(Required(FieldPath("metadata").Child("namespace"), ""));
  errors.Add(Required(FieldPath("metadata").Child("name"), "name or generateName is required"));
  EXPECT_EQ(errors.ToAggregateString(),
            "[metadata.name: Required value: name or generateName is required, "
            "metadata.namespace: Required value]");
}

TEST(ToInvalidStatusTest, BuildsUpstreamStatus) {
  ErrorList errors;
  errors.Add(Required(FieldPath("metadata").Child("name"), "name or generateName is required"));
  Status s = ToInvalidStatus("ConfigMap", "", "", errors);
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(s.message(),
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
            "required");
  ASSERT_NE(s.details(), nullptr);
  EXPECT_EQ(s.details()->kind, "ConfigMap");
  EXPECT_EQ(s.details()->group, "");
  ASSERT_EQ(s.details()->causes.size(), 1u);
  EXPECT_EQ(s.details()->causes[0].reason, "FieldValueRequired");
  EXPECT_EQ(s.details()->causes[0].message, "Required value: name or generateName is required");
  EXPECT_EQ(s.details()->causes[0].field, "metadata.name");
}

TEST(ToInvalidStatusTest, QualifiesKindWithGroupAndKeepsAllCauses) {
  ErrorList errors;
  errors.Add(Invalid(FieldPath("spec").Child("replicas"), BadValue::Int(-1),
                     "must be greater than or equal to 0"));
  errors.Add(Invalid(FieldPath("spec").Child("replicas"), BadValue::Int(-1),
                     "must be greater than or equal to 0"));
  errors.Add(Required(FieldPath("spec").Child("selector"), ""));
  Status s = ToInvalidStatus("Deployment", "apps", "web", errors);
  EXPECT_EQ(s.message(),
            "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be "
            "greater than or equal to 0, spec.selector: Required value]");
  EXPECT_EQ(s.details()->group, "apps");
  EXPECT_EQ(s.details()->name, "web");
  EXPECT_EQ(s.details()->causes.size(), 3u);
}

TEST(ToInvalidStatusTest, EmptyListHasNoColon) {
  Status s = ToInvalidStatus("Pod", "", "p\"q", ErrorList());
  EXPECT_EQ(s.message(), "Pod \"p\\\"q\" is invalid");
  EXPECT_EQ(s.code(), Code::kInvalid);
}

}  // namespace
}  // namespace ekslite::api
