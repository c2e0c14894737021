#include "core/schema/field_validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/api/json_tree.h"
#include "core/schema/patch_body_check.h"

namespace ekslite::schema {
namespace {

TEST(FieldValidationTest, ParsesTheThreeDirectivesAndDefaultsToWarn) {
  EXPECT_EQ(*ParseFieldValidation("", "CreateOptions"), FieldValidation::kWarn);
  EXPECT_EQ(*ParseFieldValidation("Warn", "CreateOptions"), FieldValidation::kWarn);
  EXPECT_EQ(*ParseFieldValidation("Strict", "CreateOptions"), FieldValidation::kStrict);
  EXPECT_EQ(*ParseFieldValidation("Ignore", "CreateOptions"), FieldValidation::kIgnore);
}

TEST(FieldValidationTest, UnsupportedValueIsInvalidOptions) {
  auto r = ParseFieldValidation("strict", "UpdateOptions");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_EQ(r.status().message(),
            "UpdateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: "
            "\"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
}

TEST(FieldValidationTest, StrictDecodingMessageJoinsErrors) {
  EXPECT_EQ(StrictDecodingMessage({R"(unknown field "spec.a")", R"(duplicate field "b")"}),
            R"(strict decoding error: unknown field "spec.a", duplicate field "b")");
}

TEST(FieldValidationTest, YamlErrorsBecomeOneWarningPerLine) {
  EXPECT_EQ(StrictWarnings({"yaml: unmarshal errors:\n  line 5: key \"name\" already set in map\n"
                            "  line 9: key \"a\" already set in map",
                            R"(unknown field "spec.x")"}),
            (std::vector<std::string>{R"(line 5: key "name" already set in map)",
                                      R"(line 9: key "a" already set in map)",
                                      R"(unknown field "spec.x")"}));
  EXPECT_EQ(StrictWarnings({"error converting YAML to JSON: yaml: unmarshal errors:\n  line 2: "
                            "key \"a\" already set in map"}),
            (std::vector<std::string>{R"(line 2: key "a" already set in map)"}));
}

TEST(FieldValidationTest, BodyResultByDirective) {
  DecodeProblems problems;
  problems.strict_errors = {R"(unknown field "spec.replicass")"};
  BodyContext context{"Deployment", "v1", "Deployment", "{}"};
  CheckResult strict = BodyResult(problems, FieldValidation::kStrict, context);
  EXPECT_EQ(strict.error.code(), Code::kBadRequest);
  EXPECT_EQ(strict.error.message(),
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding "
            "error: unknown field \"spec.replicass\"");
  CheckResult warn = BodyResult(problems, FieldValidation::kWarn, context);
  EXPECT_TRUE(warn.error.ok());
  EXPECT_EQ(warn.warnings, problems.strict_errors);
  CheckResult ignore = BodyResult(problems, FieldValidation::kIgnore, context);
  EXPECT_TRUE(ignore.error.ok());
  EXPECT_TRUE(ignore.warnings.empty());
}

TEST(FieldValidationTest, DecodeErrorFailsEvenUnderIgnore) {
  DecodeProblems problems;
  problems.error = "json: cannot unmarshal string into Go struct field X.y of type int32";
  CheckResult r = BodyResult(problems, FieldValidation::kIgnore, {"", "", "Pod", "{\"a\":1}"});
  EXPECT_EQ(r.error.message(),
            "the object provided is unrecognized (must be of type Pod): json: cannot unmarshal "
            "string into Go struct field X.y of type int32 ({\"a\":1})");
}

TEST(FieldValidationTest, PatchResultIsInvalidOnFieldPatch) {
  DecodeProblems problems;
  problems.strict_errors = {R"(unknown field "spec.x")"};
  CheckResult r = PatchResult(problems, FieldValidation::kStrict, "map[spec:map[x:1]]");
  EXPECT_EQ(r.error.code(), Code::kInvalid);
  EXPECT_EQ(r.error.message(),
            " \"\" is invalid: patch: Invalid value: \"map[spec:map[x:1]]\": strict decoding "
            "error: unknown field \"spec.x\"");
}

TEST(FieldValidationTest, UntypedDuplicatesEverywhere) {
  EXPECT_EQ(UntypedDuplicateErrors(R"({"spec": {"a": 1, "a": 2, "l": [{"b": 1, "b": 2}]}})"),
            (std::vector<std::string>{R"(duplicate field "spec.a")",
                                      R"(duplicate field "spec.l[0].b")"}));
}

TEST(PatchBodyCheckTest, JsonPatchOperationsUnknownAndRepeatedMembers) {
  constexpr std::string_view kPatch = R"([
    {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo": "bar"},
    {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
    {"op": "add", "path": "/spec/x", "value": {"a": 1, "a": 2}}
  ])";
  auto patch = api::ParseUntrustedJson(kPatch);
  ASSERT_TRUE(patch.ok());
  DecodeProblems p = JsonPatchOpProblems(*patch, kPatch);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.strict_errors, (std::vector<std::string>{
                                 R"(json patch unknown field "[0].foo")",
                                 R"(json patch duplicate field "[1].path")",
                                 R"(json patch duplicate field "[2].value.a")",
                             }));
}

TEST(PatchBodyCheckTest, JsonPatchTypeErrors) {
  auto object = api::ParseUntrustedJson(R"({"op": "add"})");
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(JsonPatchOpProblems(*object, "").error,
            "json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
  auto op = api::ParseUntrustedJson(R"([{"op": 1, "path": "/a"}])");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(JsonPatchOpProblems(*op, "").error,
            "json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string");
}

}  // namespace
}  // namespace ekslite::schema
