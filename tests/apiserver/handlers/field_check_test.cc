// Server-side field validation through the real handler: fieldValidation
// Strict, Warn and Ignore on create, update, every patch type and apply, with
// upstream's own request bodies and messages.
#include "apiserver/handlers/field_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/test_api.h"

namespace ekslite::testing {
namespace {

constexpr const char* kDeployments = "/apis/apps/v1/namespaces/default/deployments";

std::string ValidDeployment(const std::string& name) {
  return R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": ")" +
         name + R"(", "labels": {"app": "nginx"}},
    "spec": {"selector": {"matchLabels": {"app": "nginx"}},
      "template": {"metadata": {"labels": {"app": "nginx"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:latest",
          "imagePullPolicy": "Always"}]}}, "replicas": 2}})";
}

std::string InvalidDeployment(const std::string& name) {
  return R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "dupename", "name": ")" +
         name + R"(", "labels": {"app": "nginx"}, "unknownMeta": "metaVal"},
    "spec": {"unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2",
      "paused": true, "paused": false,
      "selector": {"matchLabels": {"app": "nginx"}},
      "template": {"metadata": {"labels": {"app": "nginx"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:latest",
          "unknownNested": "val1", "imagePullPolicy": "Always",
          "imagePullPolicy": "Never"}]}}}})";
}

const std::vector<std::string> kInvalidDeploymentErrors = {
    R"(duplicate field "metadata.name")",
    R"(unknown field "metadata.unknownMeta")",
    R"(unknown field "spec.unknown1")",
    R"(unknown field "spec.unknownDupe")",
    R"(duplicate field "spec.paused")",
    R"(unknown field "spec.template.spec.containers[0].unknownNested")",
    R"(duplicate field "spec.template.spec.containers[0].imagePullPolicy")",
};

std::string Joined(const std::vector<std::string>& errors) {
  std::string out = "strict decoding error: ";
  for (size_t i = 0; i < errors.size(); ++i) out += (i > 0 ? ", " : "") + errors[i];
  return out;
}

// The warning texts of the response (the header values unquoted).
std::vector<std::string> Warnings(const TestResponse& r) {
  std::vector<std::string> out;
  for (const std::string& h : r.warnings) {
    std::string_view v = h;
    EXPECT_TRUE(v.starts_with("299 - \"") && v.ends_with("\"")) << h;
    v = v.substr(7, v.size() - 8);
    std::string text;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size()) ++i;
      text.push_back(v[i]);
    }
    out.push_back(text);
  }
  return out;
}

std::string Message(const TestResponse& r) { return std::string(StringAt(r.Parsed(), "message")); }

class FieldCheckTest : public ::testing::Test {
 protected:
  TestResponse Post(const std::string& query, const std::string& body,
                    const std::string& type = "application/json") {
    return api_.Do(http::Verb::post, std::string(kDeployments) + query, body, type);
  }
  TestResponse Patch(const std::string& name, const std::string& query, const std::string& body,
                     const std::string& type) {
    return api_.Do(http::Verb::patch, std::string(kDeployments) + "/" + name + query, body, type);
  }
  void Create(const std::string& name) {
    TestResponse r = Post("", ValidDeployment(name));
    ASSERT_EQ(r.code, 201) << r.body;
  }

  TestApi api_;
};

TEST_F(FieldCheckTest, CreateStrictFailsWithEveryStrictError) {
  TestResponse r = Post("?fieldValidation=Strict", InvalidDeployment("strict"));
  EXPECT_EQ(r.code, 400) << r.body;
  EXPECT_EQ(StringAt(r.Parsed(), "reason"), "BadRequest");
  EXPECT_EQ(Message(r), "Deployment in version \"v1\" cannot be handled as a Deployment: " +
                            Joined(kInvalidDeploymentErrors));
  EXPECT_TRUE(r.warnings.empty());
}

TEST_F(FieldCheckTest, CreateWarnAndDefaultSucceedWithWarnings) {
  for (std::string query : {"?fieldValidation=Warn", ""}) {
    std::string name = query.empty() ? "default" : "warn";
    TestResponse r = Post(query, InvalidDeployment(name));
    ASSERT_EQ(r.code, 201) << r.body;
    EXPECT_EQ(Warnings(r), kInvalidDeploymentErrors);
    Json created = r.Parsed();
    EXPECT_EQ(Path(created, "spec.unknown1"), nullptr);
    EXPECT_EQ(Path(created, "metadata.unknownMeta"), nullptr);
  }
}

TEST_F(FieldCheckTest, CreateIgnoreIsSilentAndPrunes) {
  TestResponse r = Post("?fieldValidation=Ignore", InvalidDeployment("ignore"));
  ASSERT_EQ(r.code, 201) << r.body;
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(Path(r.Parsed(), "spec.unknown1"), nullptr);
}

TEST_F(FieldCheckTest, UnsupportedDirectiveIsInvalidOptions) {
  TestResponse r = Post("?fieldValidation=foo", ValidDeployment("x"));
  EXPECT_EQ(r.code, 422);
  EXPECT_EQ(Message(r),
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: "
            "\"foo\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
  TestResponse p = Patch("x", "?fieldValidation=foo", "{}", "application/merge-patch+json");
  EXPECT_EQ(p.code, 422);
  EXPECT_TRUE(Message(p).starts_with("PatchOptions.meta.k8s.io \"\" is invalid")) << Message(p);
}

TEST_F(FieldCheckTest, WrongTypeFailsUnderEveryDirective) {
  std::string body = ValidDeployment("typed");
  body.replace(body.find("\"replicas\": 2"), 13, "\"replicas\": \"2\"");
  for (std::string mode : {"Strict", "Warn", "Ignore"}) {
    TestResponse r = Post("?fieldValidation=" + mode, body);
    EXPECT_EQ(r.code, 400) << mode;
    EXPECT_EQ(Message(r),
              "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot "
              "unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
  }
}

TEST_F(FieldCheckTest, UpdateChecksLikeCreate) {
  Create("put");
  std::string url = std::string(kDeployments) + "/put";
  TestResponse strict =
      api_.Do(http::Verb::put, url + "?fieldValidation=Strict", InvalidDeployment("put"));
  EXPECT_EQ(strict.code, 400);
  EXPECT_EQ(Message(strict), "Deployment in version \"v1\" cannot be handled as a Deployment: " +
                                 Joined(kInvalidDeploymentErrors));
  TestResponse warn = api_.Do(http::Verb::put, url, InvalidDeployment("put"));
  EXPECT_EQ(warn.code, 200) << warn.body;
  EXPECT_EQ(Warnings(warn), kInvalidDeploymentErrors);
}

TEST_F(FieldCheckTest, YamlBodyReportsYamlRepeatsThenSortedUnknownFields) {
  constexpr std::string_view kYaml = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: yaml
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never)";
  std::vector<std::string> expected = {
      R"(line 5: key "name" already set in map)",
      R"(line 12: key "unknownDupe" already set in map)",
      R"(line 14: key "paused" already set in map)",
      R"(line 28: key "imagePullPolicy" already set in map)",
      R"(unknown field "metadata.unknownMeta")",
      R"(unknown field "spec.template.spec.containers[0].unknownNested")",
      R"(unknown field "spec.unknown1")",
      R"(unknown field "spec.unknownDupe")",
  };
  TestResponse strict = Post("?fieldValidation=Strict", std::string(kYaml), "application/yaml");
  EXPECT_EQ(strict.code, 400);
  EXPECT_EQ(Message(strict),
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding "
            "error: yaml: unmarshal errors:\n"
            "  line 5: key \"name\" already set in map\n"
            "  line 12: key \"unknownDupe\" already set in map\n"
            "  line 14: key \"paused\" already set in map\n"
            "  line 28: key \"imagePullPolicy\" already set in map, "
            "unknown field \"metadata.unknownMeta\", "
            "unknown field \"spec.template.spec.containers[0].unknownNested\", "
            "unknown field \"spec.unknown1\", unknown field \"spec.unknownDupe\"");
  TestResponse warn = Post("", std::string(kYaml), "application/yaml");
  EXPECT_EQ(warn.code, 201) << warn.body;
  EXPECT_EQ(Warnings(warn), expected);
}

constexpr std::string_view kMergePatch = R"({"spec": {
  "unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2",
  "paused": true, "paused": false,
  "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:latest",
    "unknownNested": "val1", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}})";

const std::vector<std::string> kPatchErrors = {
    R"(duplicate field "spec.unknownDupe")",
    R"(duplicate field "spec.paused")",
    R"(duplicate field "spec.template.spec.containers[0].imagePullPolicy")",
    R"(unknown field "spec.template.spec.containers[0].unknownNested")",
    R"(unknown field "spec.unknown1")",
    R"(unknown field "spec.unknownDupe")",
};

TEST_F(FieldCheckTest, MergePatchReportsPatchRepeatsThenUnknownFields) {
  Create("merge");
  TestResponse strict = Patch("merge", "?fieldValidation=Strict", std::string(kMergePatch),
                              "application/merge-patch+json");
  EXPECT_EQ(strict.code, 422) << strict.body;
  EXPECT_TRUE(Message(strict).starts_with(" \"\" is invalid: patch: Invalid value: \"{"))
      << Message(strict);
  EXPECT_TRUE(Message(strict).ends_with(Joined(kPatchErrors))) << Message(strict);
  TestResponse warn = Patch("merge", "", std::string(kMergePatch), "application/merge-patch+json");
  EXPECT_EQ(warn.code, 200) << warn.body;
  EXPECT_EQ(Warnings(warn), kPatchErrors);
  EXPECT_EQ(Path(warn.Parsed(), "spec.unknown1"), nullptr);
  TestResponse ignore = Patch("merge", "?fieldValidation=Ignore", std::string(kMergePatch),
                              "application/merge-patch+json");
  EXPECT_EQ(ignore.code, 200);
  EXPECT_TRUE(ignore.warnings.empty());
}

TEST_F(FieldCheckTest, PatchOfUnknownFieldsOnlyChangesNothing) {
  Create("noop");
  std::string before(
      StringAt(api_.Get(std::string(kDeployments) + "/noop").Parsed(), "metadata.resourceVersion"));
  for (std::string type :
       {"application/merge-patch+json", "application/strategic-merge-patch+json"}) {
    TestResponse r = Patch("noop", "", R"({"spec":{"foo":1}})", type);
    EXPECT_EQ(r.code, 200) << r.body;
    EXPECT_EQ(Warnings(r), (std::vector<std::string>{R"(unknown field "spec.foo")"}));
    EXPECT_EQ(StringAt(r.Parsed(), "metadata.resourceVersion"), before) << type;
  }
}

TEST_F(FieldCheckTest, StrategicMergePatchRendersThePatchMap) {
  Create("smp");
  TestResponse strict = Patch("smp", "?fieldValidation=Strict", R"({"spec":{"replicass":3}})",
                              "application/strategic-merge-patch+json");
  EXPECT_EQ(strict.code, 422) << strict.body;
  EXPECT_EQ(Message(strict),
            " \"\" is invalid: patch: Invalid value: \"map[spec:map[replicass:3]]\": strict "
            "decoding error: unknown field \"spec.replicass\"");
  TestResponse warn =
      Patch("smp", "", std::string(kMergePatch), "application/strategic-merge-patch+json");
  EXPECT_EQ(warn.code, 200) << warn.body;
  EXPECT_EQ(Warnings(warn), kPatchErrors);
}

TEST_F(FieldCheckTest, JsonPatchReportsOperationsThenResult) {
  Create("jp");
  constexpr std::string_view kJsonPatch = R"([
    {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo": "bar"},
    {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
    {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe"},
    {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe2"},
    {"op": "add", "path": "/spec/paused", "value": true},
    {"op": "add", "path": "/spec/paused", "value": false},
    {"op": "add", "path": "/spec/template/spec/containers/0/unknownNested", "value": "val1"},
    {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Always"},
    {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}
  ])";
  std::vector<std::string> expected = {
      R"(json patch unknown field "[0].foo")",
      R"(json patch duplicate field "[1].path")",
      R"(unknown field "spec.template.spec.containers[0].unknownNested")",
      R"(unknown field "spec.unknown1")",
      R"(unknown field "spec.unknown3")",
      R"(unknown field "spec.unknownDupe")",
  };
  TestResponse strict = Patch("jp", "?fieldValidation=Strict", std::string(kJsonPatch),
                              "application/json-patch+json");
  EXPECT_EQ(strict.code, 422) << strict.body;
  EXPECT_TRUE(Message(strict).ends_with(Joined(expected))) << Message(strict);
  TestResponse warn = Patch("jp", "", std::string(kJsonPatch), "application/json-patch+json");
  EXPECT_EQ(warn.code, 200) << warn.body;
  EXPECT_EQ(Warnings(warn), expected);
  TestResponse bad = Patch("jp", "", R"({"op": "add"})", "application/json-patch+json");
  EXPECT_EQ(bad.code, 400);
  EXPECT_EQ(Message(bad),
            "error decoding patch: json: cannot unmarshal object into Go value of type "
            "[]handlers.jsonPatchOp");
}

TEST_F(FieldCheckTest, PatchWithWrongTypeIsInvalid) {
  Create("typed");
  TestResponse r = Patch("typed", "?fieldValidation=Ignore", R"({"spec":{"replicas":"3"}})",
                         "application/merge-patch+json");
  EXPECT_EQ(r.code, 422);
  EXPECT_TRUE(
      Message(r).ends_with("\": json: cannot unmarshal string into Go struct field "
                           "DeploymentSpec.spec.replicas of type int32"))
      << Message(r);
}

constexpr std::string_view kApplyInvalid = R"({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {
    "name": "applied",
    "labels": {"app": "nginx"}
  },
  "spec": {
    "paused": false,
    "paused": true,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {
      "metadata": {"labels": {"app": "nginx"}},
      "spec": {
        "containers": [{
          "name": "nginx",
          "image": "nginx:latest",
          "imagePullPolicy": "Never",
          "imagePullPolicy": "Always"
        }]
      }
    }
  }
})";

TEST_F(FieldCheckTest, ApplyReportsRepeatedYamlKeys) {
  std::string url = std::string(kDeployments) + "/applied?fieldManager=mgr";
  TestResponse strict = api_.Do(http::Verb::patch, url + "&fieldValidation=Strict",
                                std::string(kApplyInvalid), "application/apply-patch+yaml");
  EXPECT_EQ(strict.code, 400) << strict.body;
  EXPECT_EQ(Message(strict),
            "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n"
            "  line 10: key \"paused\" already set in map\n"
            "  line 19: key \"imagePullPolicy\" already set in map");
  EXPECT_EQ(api_.Get(std::string(kDeployments) + "/applied").code, 404);
  TestResponse warn =
      api_.Do(http::Verb::patch, url, std::string(kApplyInvalid), "application/apply-patch+yaml");
  EXPECT_EQ(warn.code, 201) << warn.body;
  EXPECT_EQ(Warnings(warn), (std::vector<std::string>{
                                R"(line 10: key "paused" already set in map)",
                                R"(line 19: key "imagePullPolicy" already set in map)",
                            }));
  TestResponse again = api_.Do(http::Verb::patch, url + "&fieldValidation=Ignore",
                               std::string(kApplyInvalid), "application/apply-patch+yaml");
  EXPECT_EQ(again.code, 200) << again.body;
  EXPECT_TRUE(again.warnings.empty());
}

}  // namespace
}  // namespace ekslite::testing
