#include "core/api/object_meta.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
const char kQualifiedPartMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

std::vector<std::string> Messages(const ErrorList& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.ToString());
  return out;
}

std::vector<std::string> Create(const std::string& meta, bool namespaced = true,
                                bool builtin = true) {
  return Messages(ValidateObjectMeta(Parse(meta), namespaced, NameIsDnsSubdomain, builtin));
}

TEST(ObjectMetaTest, ReadsMetadataFields) {
  Json obj = Parse(R"({"metadata":{"name":"web","namespace":"ns","uid":"u1",
      "resourceVersion":"42","generation":3,"generateName":"web-",
      "creationTimestamp":"2024-01-02T03:04:05Z","deletionTimestamp":"2024-01-03T00:00:00Z",
      "labels":{"app":"web","bad":1},"annotations":{"a":"b"},
      "finalizers":["kubernetes","example.com/x"],
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u2"},
                         {"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u3",
                          "controller":true,"blockOwnerDeletion":true}]}})");
  EXPECT_EQ(GetName(obj), "web");
  EXPECT_EQ(GetNamespace(obj), "ns");
  EXPECT_EQ(GetUid(obj), "u1");
  EXPECT_EQ(GetResourceVersion(obj), "42");
  EXPECT_EQ(GetGenerateName(obj), "web-");
  EXPECT_EQ(GetGeneration(obj), 3);
  EXPECT_EQ(GetCreationTimestamp(obj), "2024-01-02T03:04:05Z");
  EXPECT_EQ(GetDeletionTimestamp(obj), "2024-01-03T00:00:00Z");
  EXPECT_EQ(GetLabels(obj), (std::map<std::string, std::string>{{"app", "web"}}));
  EXPECT_EQ(GetAnnotations(obj), (std::map<std::string, std::string>{{"a", "b"}}));
  EXPECT_EQ(GetFinalizers(obj), (std::vector<std::string>{"kubernetes", "example.com/x"}));
  EXPECT_TRUE(HasFinalizer(obj, "example.com/x"));
  EXPECT_FALSE(HasFinalizer(obj, "orphan"));
  auto refs = GetOwnerReferences(obj);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].kind, "ReplicaSet");
  EXPECT_FALSE(refs[0].controller.has_value());
  auto controller = GetControllerRef(obj);
  ASSERT_TRUE(controller.has_value());
  EXPECT_EQ(controller->name, "d");
  EXPECT_EQ(controller->block_owner_deletion, true);
}

TEST(ObjectMetaTest, MissingOrMistypedFieldsReadAsEmpty) {
  for (const char* text :
       {"{}", "[]", "null", R"({"metadata":[]})",
        R"({"metadata":{"name":5,"labels":[],"finalizers":{},"generation":"x"}})"}) {
    Json obj = Parse(text);
    EXPECT_EQ(GetName(obj), "");
    EXPECT_EQ(GetGeneration(obj), 0);
    EXPECT_FALSE(GetDeletionTimestamp(obj).has_value());
    EXPECT_TRUE(GetLabels(obj).empty());
    EXPECT_TRUE(GetFinalizers(obj).empty());
    EXPECT_TRUE(GetOwnerReferences(obj).empty());
    EXPECT_FALSE(GetControllerRef(obj).has_value());
    EXPECT_EQ(Metadata(obj) == nullptr, std::string(text).find("\"name\"") == std::string::npos);
  }
}

TEST(ObjectMetaValidationTest, AcceptsAValidObject) {
  EXPECT_TRUE(Create(R"({"name":"web","namespace":"default","labels":{"app":"web"},
      "annotations":{"Example.com/Note":"x"},"finalizers":["kubernetes","example.com/f"],
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u",
                          "controller":true}],
      "managedFields":[{"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1"}]})")
                  .empty());
  EXPECT_TRUE(Create(R"({"name":"node-1"})", /*namespaced=*/false).empty());
}

TEST(ObjectMetaValidationTest, NamesAndNamespacesMatchUpstream) {
  struct Case {
    std::string meta;
    bool namespaced;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {R"({"namespace":"default"})",
       true,
       {"metadata.name: Required value: name or generateName is required"}},
      {R"({})",
       true,
       {"metadata.name: Required value: name or generateName is required",
        "metadata.namespace: Required value"}},
      {R"({"name":"x","namespace":"default"})",
       false,
       {"metadata.namespace: Forbidden: not allowed on this type"}},
      {R"({"name":"Web","namespace":"default"})",
       true,
       {std::string("metadata.name: Invalid value: \"Web\": ") + kSubdomainMsg}},
      {R"({"name":"web","namespace":"a.b"})",
       true,
       {"metadata.namespace: Invalid value: \"a.b\": must not contain dots"}},
      {R"({"name":"web","namespace":"NS"})",
       true,
       {std::string("metadata.namespace: Invalid value: \"NS\": ") + kLabelMsg}},
      {R"({"generateName":"Web-","name":"Web-abcde","namespace":"d"})",
       true,
       {std::string("metadata.generateName: Invalid value: \"Web-\": ") + kSubdomainMsg,
        std::string("metadata.name: Invalid value: \"Web-abcde\": ") + kSubdomainMsg}},
      {R"({"name":"x","namespace":"d","generation":-1})",
       true,
       {"metadata.generation: Invalid value: -1: must be greater than or equal to 0"}},
  };
  for (const Case& c : cases) EXPECT_EQ(Create(c.meta, c.namespaced), c.want) << c.meta;
}

TEST(ObjectMetaValidationTest, ReportsAsInvalidStatusLikeKubectlSees) {
  ErrorList errors =
      ValidateObjectMeta(Parse(R"({"namespace":"default"})"), true, NameIsDnsSubdomain);
  Status s = ToInvalidStatus("ConfigMap", "", "", errors);
  EXPECT_EQ(s.message(),
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
            "required");
}

TEST(ObjectMetaValidationTest, LabelsAnnotationsOwnersFinalizers) {
  std::vector<std::string> got = Create(R"({"name":"x","namespace":"d",
      "labels":{"a b":"c"},
      "annotations":{"x/y/z":"v"},
      "ownerReferences":[{"kind":"Event","apiVersion":"v1","name":"e","uid":"u"},
                         {"apiVersion":"apps/","kind":"","name":"","uid":""},
                         {"apiVersion":"v1","kind":"A","name":"a","uid":"1","controller":true},
                         {"apiVersion":"v1","kind":"B","name":"b","uid":"2","controller":true}],
      "finalizers":["orphan","foregroundDeletion","bad name"],
      "managedFields":[{"manager":"k\u0007","operation":"Patch","fieldsType":"FieldsV2"}]})");
  std::vector<std::string> want = {
      std::string("metadata.labels: Invalid value: \"a b\": name part ") + kQualifiedPartMsg,
      std::string("metadata.annotations: Invalid value: \"x/y/z\": a qualified name ") +
          kQualifiedPartMsg +
          " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", "
      "Kind:\"Event\", Name:\"e\", UID:\"u\", Controller:(*bool)(nil), "
      "BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner",
      "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
      "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
      "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
      "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
  };
  ASSERT_GE(got.size(), want.size() + 1);
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]);
  EXPECT_TRUE(got[want.size()].starts_with(
      "metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{"))
      << got[want.size()];
  EXPECT_NE(got[want.size()].find(": Only one reference can have Controller set to true. Found "
                                  "\"true\" in references for A/a and B/b"),
            std::string::npos);
  std::vector<std::string> rest(got.begin() + static_cast<std::ptrdiff_t>(want.size()) + 1,
                                got.end());
  std::vector<std::string> want_rest = {
      std::string("metadata.finalizers: Invalid value: \"bad name\": name part ") +
          kQualifiedPartMsg,
      "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\", \"bad "
      "name\"}: finalizer orphan and foregroundDeletion cannot be both set",
      "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or "
      "`Update`",
      "metadata.managedFields[0].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`",
      "metadata.managedFields[0].manager: Invalid value: \"k\\a\": invalid character U+0007 (at "
      "position 1)",
      std::string("metadata.finalizers[2]: Invalid value: \"bad name\": name part ") +
          kQualifiedPartMsg,
      "metadata.finalizers[2]: Invalid value: \"bad name\": name is neither a standard "
      "finalizer name nor is it fully qualified",
  };
  EXPECT_EQ(rest, want_rest);
}

TEST(ObjectMetaValidationTest, BuiltinKindsNeedQualifiedFinalizers) {
  EXPECT_EQ(Create(R"({"name":"x","namespace":"d","finalizers":["custom"]})"),
            std::vector<std::string>{"metadata.finalizers[0]: Invalid value: \"custom\": name is "
                                     "neither a standard finalizer name nor is it fully "
                                     "qualified"});
  EXPECT_TRUE(
      Create(R"({"name":"x","namespace":"d","finalizers":["custom"]})", true, false).empty());
}

TEST(ObjectMetaValidationTest, UpdateRules) {
  Json old_meta = Parse(R"({"name":"x","namespace":"d","uid":"u1","resourceVersion":"5",
      "generation":4,"creationTimestamp":"2024-01-02T03:04:05Z",
      "deletionTimestamp":"2024-01-03T00:00:00Z","finalizers":["a.io/x"]})");
  Json new_meta = Parse(R"({"name":"y","namespace":"d","uid":"u2","generation":3,
      "creationTimestamp":"2024-01-02T04:04:05+01:00","deletionGracePeriodSeconds":30,
      "finalizers":["a.io/x","b.io/y","a.io/z"]})");
  std::vector<std::string> got = Messages(ValidateObjectMetaUpdate(new_meta, old_meta));
  std::vector<std::string> want = {
      "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
      "deleted, found new finalizers []string{\"a.io/z\", \"b.io/y\"}",
      "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
      "metadata.generation: Invalid value: 3: must not be decremented",
      "metadata.name: Invalid value: \"y\": field is immutable",
      "metadata.uid: Invalid value: \"u2\": field is immutable",
      "metadata.deletionTimestamp: Invalid value: null: field is immutable",
      "metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable",
  };
  EXPECT_EQ(got, want);
}

TEST(ObjectMetaValidationTest, UpdateAcceptsUnchangedMetadata) {
  Json meta = Parse(R"({"name":"x","namespace":"d","uid":"u","resourceVersion":"5",
      "creationTimestamp":"2024-01-02T03:04:05Z","labels":{"a":"b"}})");
  EXPECT_TRUE(ValidateObjectMetaUpdate(meta, meta).empty());
  Json moved = Parse(R"({"name":"x","namespace":"d","uid":"u","resourceVersion":"6",
      "creationTimestamp":"2024-01-02T03:04:06Z"})");
  EXPECT_EQ(Messages(ValidateObjectMetaUpdate(moved, meta)),
            std::vector<std::string>{"metadata.creationTimestamp: Invalid value: 2024-01-02 "
                                     "03:04:06 +0000 UTC: field is immutable"});
}

}  // namespace
}  // namespace ekslite::api
