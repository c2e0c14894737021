#include "core/protobuf/decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/schema/schema.h"
#include "tests/core/protobuf/proto_builder.h"

namespace ekslite::protobuf {
namespace {

using ekslite::testing::Envelope;
using ekslite::testing::Proto;

std::string FromHex(std::string_view hex) {
  std::string out;
  int nibbles = 0, value = 0;
  for (char c : hex) {
    if (c == ' ' || c == '\n') continue;
    value = value * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
    if (++nibbles == 2) {
      out.push_back(static_cast<char>(value));
      nibbles = value = 0;
    }
  }
  return out;
}

// Decodes `body` and expects the JSON `want` (compared as values).
void ExpectDecodes(const std::string& body, std::string_view want) {
  auto got = DecodeObject(schema::BuiltinSchema(), body);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto expected = ParseJson(want);
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(*got == *expected) << "got  " << ToJsonString(*got) << "\nwant " << want;
}

// ObjectMeta as Go encodes it: every non-pointer field present, even when empty.
Proto Meta(std::string_view name) {
  Proto meta;
  meta.Bytes(1, name).Bytes(2, "").Bytes(3, "").Bytes(4, "").Bytes(5, "").Bytes(6, "");
  meta.Varint(7, 0).Message(8, Proto());
  return meta;
}

TEST(DecoderTest, DecodesKubectlCreateConfigMap) {
  // `kubectl create cm pbcm --from-literal=a=b`, byte for byte (clients.md §E.2).
  std::string body = FromHex(
      "6b387300 0a0f 0a02 7631 1209 436f6e6669674d6170"
      "121e 0a14 0a04 7062636d 1200 1a00 2200 2a00 3200 3800 4200 1206 0a01 61 1201 62 1a00 2200");
  ExpectDecodes(
      body,
      R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"pbcm"},"data":{"a":"b"}})");
}

TEST(DecoderTest, SecretDataBecomesBase64) {
  Proto secret;
  secret.Message(1, Meta("s"));
  secret.Message(2, Proto().Bytes(1, "release").Bytes(2, std::string("\x00\xff\x10", 3)));
  secret.Bytes(3, "helm.sh/release.v1");
  ExpectDecodes(Envelope("v1", "Secret", secret),
                R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
                    "data":{"release":"AP8Q"},"type":"helm.sh/release.v1"})");
}

TEST(DecoderTest, KeepsPointerZeroAndDropsPlainZero) {
  // replicas is *int32 (kept at 0); minReadySeconds and generation are plain.
  Proto spec;
  spec.Varint(1, 0).Message(3, Proto().Message(1, Meta(""))).Message(4, Proto().Bytes(1, ""));
  spec.Varint(5, 0).Varint(7, 0);
  Proto deployment;
  deployment.Message(1, Meta("web")).Message(2, spec).Message(3, Proto());
  ExpectDecodes(Envelope("apps/v1", "Deployment", deployment),
                R"({"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},
                    "spec":{"replicas":0,"template":{"metadata":{}},"strategy":{}},
                    "status":{}})");
}

TEST(DecoderTest, DeleteOptionsKeepsZeroGracePeriod) {
  Proto options;
  options.Varint(1, 0).Bytes(4, "Background");
  ExpectDecodes(Envelope("v1", "DeleteOptions", options),
                R"({"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,
                    "propagationPolicy":"Background"})");
  // Typed clients of other groups send the same kind with their own apiVersion.
  ExpectDecodes(Envelope("apps/v1", "DeleteOptions", options),
                R"({"kind":"DeleteOptions","apiVersion":"apps/v1","gracePeriodSeconds":0,
                    "propagationPolicy":"Background"})");
}

TEST(DecoderTest, DecodesIntOrString) {
  // RollingUpdateDeployment: maxUnavailable *IntOrString 0 (kept), maxSurge "25%".
  Proto rolling;
  rolling.Message(1, Proto().Varint(1, 0).Varint(2, 0).Bytes(3, ""));
  rolling.Message(2, Proto().Varint(1, 1).Varint(2, 0).Bytes(3, "25%"));
  Proto deployment;
  deployment.Message(2, Proto().Message(4, Proto().Bytes(1, "RollingUpdate").Message(2, rolling)));
  ExpectDecodes(Envelope("apps/v1", "Deployment", deployment),
                R"({"kind":"Deployment","apiVersion":"apps/v1","spec":{"strategy":{
                    "type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}}}})");
  // ServicePort.targetPort is a plain IntOrString: 8080 kept, zero dropped.
  Proto ports;
  ports.Varint(3, 80).Message(4, Proto().Varint(1, 0).Varint(2, 8080).Bytes(3, ""));
  Proto zero_port;
  zero_port.Varint(3, 81).Message(4, Proto().Varint(1, 0).Varint(2, 0).Bytes(3, ""));
  Proto service;
  service.Message(2, Proto().Message(1, ports).Message(1, zero_port));
  ExpectDecodes(Envelope("v1", "Service", service),
                R"({"kind":"Service","apiVersion":"v1","spec":{"ports":[
                    {"port":80,"targetPort":8080},{"port":81}]}})");
}

TEST(DecoderTest, DecodesTimes) {
  Proto meta;
  meta.Bytes(1, "x").Message(8, Proto().Varint(1, 1199149261).Varint(2, 0));
  Proto lease;
  lease.Message(1, meta);
  lease.Message(2, Proto().Message(3, Proto().Varint(1, 1041382861).Varint(2, 3000)));
  ExpectDecodes(Envelope("coordination.k8s.io/v1", "Lease", lease),
                R"({"kind":"Lease","apiVersion":"coordination.k8s.io/v1",
                    "metadata":{"name":"x","creationTimestamp":"2008-01-01T01:01:01Z"},
                    "spec":{"acquireTime":"2003-01-01T01:01:01.000003Z"}})");
}

TEST(DecoderTest, ListWrappersBecomeArraysAndZeroMapTimesNull) {
  Proto spec;
  spec.Bytes(3, "alice");
  spec.Message(5, Proto().Bytes(1, "scopes").Message(2, Proto().Bytes(1, "a").Bytes(1, "b")));
  Proto review;
  review.Message(2, spec);
  ExpectDecodes(Envelope("authorization.k8s.io/v1", "SubjectAccessReview", review),
                R"({"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
                    "spec":{"user":"alice","extra":{"scopes":["a","b"]}}})");
  Proto status;
  status.Message(2, Proto().Bytes(1, "pod-1").Message(2, Proto()));
  Proto pdb;
  pdb.Message(3, status);
  ExpectDecodes(Envelope("policy/v1", "PodDisruptionBudget", pdb),
                R"({"kind":"PodDisruptionBudget","apiVersion":"policy/v1",
                    "status":{"disruptedPods":{"pod-1":null}}})");
}

TEST(DecoderTest, DecodesEmbeddedObjectsAndInlineFields) {
  Proto revision;
  revision.Message(2, Proto().Bytes(1, R"({"spec":{"replicas":1}})")).Varint(3, 4);
  ExpectDecodes(Envelope("apps/v1", "ControllerRevision", revision),
                R"({"kind":"ControllerRevision","apiVersion":"apps/v1",
                    "data":{"spec":{"replicas":1}},"revision":4})");
  // Volume: name, then VolumeSource (field 2) whose emptyDir (2) is flattened.
  Proto volume;
  volume.Bytes(1, "cache").Message(2, Proto().Message(2, Proto().Bytes(1, "Memory")));
  Proto pod;
  pod.Message(2, Proto().Message(1, volume));
  ExpectDecodes(Envelope("v1", "Pod", pod),
                R"({"kind":"Pod","apiVersion":"v1","spec":{"volumes":[
                    {"name":"cache","emptyDir":{"medium":"Memory"}}]}})");
}

TEST(DecoderTest, SkipsUnknownFields) {
  Proto cm;
  cm.Message(1, Proto().Bytes(1, "x").Varint(99, 5)).Bytes(77, "future").Varint(78, 1);
  ExpectDecodes(Envelope("v1", "ConfigMap", cm),
                R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"}})");
}

TEST(DecoderTest, RejectsMalformedBodies) {
  const schema::Schema& s = schema::BuiltinSchema();
  std::string good = Envelope("v1", "ConfigMap", Proto().Message(1, Meta("x")));
  // Every cut before the end lands inside a field, except the one right after
  // the envelope's typeMeta (4 + 2 + 15 bytes), which is an empty ConfigMap.
  for (size_t n = 0; n < good.size(); ++n) {
    if (n == 21) continue;
    auto got = DecodeObject(s, good.substr(0, n));
    EXPECT_FALSE(got.ok()) << n;  // every proper prefix is truncated somewhere
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), Code::kBadRequest) << n;
    }
  }
  EXPECT_EQ(DecodeObject(s, "{\"kind\":\"ConfigMap\"}").status().code(), Code::kBadRequest);
  EXPECT_EQ(DecodeObject(s, std::string("k8s\0\xff\xff", 6)).status().code(), Code::kBadRequest);
  // A string where a message belongs.
  EXPECT_EQ(DecodeObject(s, Envelope("v1", "ConfigMap", Proto().Varint(1, 3))).status().code(),
            Code::kBadRequest);
  // Embedded JSON that is not JSON.
  EXPECT_EQ(DecodeObject(s, Envelope("apps/v1", "ControllerRevision",
                                     Proto().Message(2, Proto().Bytes(1, "{nope"))))
                .status()
                .code(),
            Code::kBadRequest);
}

TEST(DecoderTest, UnknownOrMissingKind) {
  const schema::Schema& s = schema::BuiltinSchema();
  auto got = DecodeObject(s, Envelope("example.com/v1", "Widget", Proto()));
  EXPECT_EQ(got.status().code(), Code::kUnsupportedMediaType);
  // CustomResourceDefinition is described for JSON only.
  got = DecodeObject(s, Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", Proto()));
  EXPECT_EQ(got.status().code(), Code::kUnsupportedMediaType);
  got = DecodeObject(s, Envelope("", "", Proto()));
  EXPECT_EQ(got.status().code(), Code::kBadRequest);
  EXPECT_EQ(DecodeMessage(s, "io.example.Nothing", "").status().code(), Code::kNotFound);
}

TEST(DecoderTest, LimitsNesting) {
  // JSONSchema-like depth through RawExtension bodies that embed envelopes.
  std::string body = Envelope("v1", "ConfigMap", Proto());
  for (int i = 0; i < 200; ++i) {
    body = Envelope("apps/v1", "ControllerRevision", Proto().Message(2, Proto().Bytes(1, body)));
  }
  EXPECT_EQ(DecodeObject(schema::BuiltinSchema(), body).status().code(), Code::kBadRequest);
  std::string deep(100000, '[');
  EXPECT_EQ(
      DecodeObject(schema::BuiltinSchema(), Envelope("apps/v1", "ControllerRevision",
                                                     Proto().Message(2, Proto().Bytes(1, deep))))
          .status()
          .code(),
      Code::kBadRequest);
}

TEST(DecoderTest, SurvivesRandomMutations) {
  // Not a proof, but under ASan/UBSan a cheap sweep for out-of-bounds reads.
  Proto meta = Meta("web");
  meta.Message(11, Proto().Bytes(1, "app").Bytes(2, "web"));
  Proto spec;
  spec.Varint(1, 3).Message(3, Proto().Message(1, meta));
  std::string good = Envelope("apps/v1", "Deployment", Proto().Message(1, meta).Message(2, spec));
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    std::string body = good;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = 4 + rng() % (body.size() - 4);
      body[at] = static_cast<char>(rng());
    }
    auto got = DecodeObject(schema::BuiltinSchema(), body);
    if (got.ok()) {
      EXPECT_TRUE(got->IsObject());
    }
  }
}

}  // namespace
}  // namespace ekslite::protobuf
