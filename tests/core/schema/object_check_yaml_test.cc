#include "core/schema/object_check_yaml.h"

#include <gtest/gtest.h>

namespace ekslite::schema {
namespace {

// Upstream's YAML body for strict field validation of a Deployment.
constexpr std::string_view kInvalidDeploymentYaml = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: web
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

TEST(YamlDuplicateKeyErrorTest, ListsRepeatedKeysByLine) {
  EXPECT_EQ(YamlDuplicateKeyError(kInvalidDeploymentYaml),
            "yaml: unmarshal errors:\n"
            "  line 5: key \"name\" already set in map\n"
            "  line 12: key \"unknownDupe\" already set in map\n"
            "  line 14: key \"paused\" already set in map\n"
            "  line 28: key \"imagePullPolicy\" already set in map");
}

TEST(YamlDuplicateKeyErrorTest, FindsRepeatsInJsonText) {
  // JSON is YAML: apply configurations are often sent as JSON.
  constexpr std::string_view kJson = R"({
  "apiVersion": "apps/v1",
  "spec": {
    "paused": false,
    "paused": true,
    "template": {"spec": {"containers": [{
      "imagePullPolicy": "Never",
      "imagePullPolicy": "Always"}]}}
  }
})";
  EXPECT_EQ(YamlDuplicateKeyError(kJson),
            "yaml: unmarshal errors:\n"
            "  line 5: key \"paused\" already set in map\n"
            "  line 8: key \"imagePullPolicy\" already set in map");
}

TEST(YamlDuplicateKeyErrorTest, NamesTheLineOfTheRepeatedValue) {
  EXPECT_EQ(YamlDuplicateKeyError("a:\n  x: 1\na:\n  y: 2\n"),
            "yaml: unmarshal errors:\n  line 4: key \"a\" already set in map");
}

TEST(YamlDuplicateKeyErrorTest, InnerRepeatsComeBeforeTheirKey) {
  EXPECT_EQ(YamlDuplicateKeyError("a: 1\na:\n  b: 1\n  b: 2\n"),
            "yaml: unmarshal errors:\n"
            "  line 4: key \"b\" already set in map\n"
            "  line 3: key \"a\" already set in map");
}

TEST(YamlDuplicateKeyErrorTest, ComparesResolvedKeys) {
  EXPECT_EQ(YamlDuplicateKeyError("\"1\": a\n1: b\n"), "");
  EXPECT_EQ(YamlDuplicateKeyError("a: 1\n\"a\": 2\n"),
            "yaml: unmarshal errors:\n  line 2: key \"a\" already set in map");
  EXPECT_EQ(YamlDuplicateKeyError("1: a\n0x1: b\n"),
            "yaml: unmarshal errors:\n  line 2: key 1 already set in map");
  EXPECT_EQ(YamlDuplicateKeyError("yes: a\ntrue: b\n"),
            "yaml: unmarshal errors:\n  line 2: key true already set in map");
}

TEST(YamlDuplicateKeyErrorTest, CleanOrMalformedYamlIsEmpty) {
  EXPECT_EQ(YamlDuplicateKeyError("a: 1\nb:\n  a: 2\n"), "");
  EXPECT_EQ(YamlDuplicateKeyError("a: [1, 2\n"), "");
  EXPECT_EQ(YamlDuplicateKeyError(""), "");
}

}  // namespace
}  // namespace ekslite::schema
