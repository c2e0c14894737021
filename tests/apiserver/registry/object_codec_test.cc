#include "apiserver/registry/object_codec.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

TEST(ObjectCodecTest, StoresTypeMetaFirstAndNoResourceVersion) {
  auto doc = ParseJson(R"({"data":{"a":"b"},"metadata":{"labels":{"x":"y"},"resourceVersion":"9",)"
                       R"("uid":"u1","name":"c"},"apiVersion":"v1","kind":"ConfigMap"})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(EncodeForStorage(*doc),
            R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","uid":"u1",)"
            R"("labels":{"x":"y"}},"data":{"a":"b"}})");
}

TEST(ObjectCodecTest, SplicesResourceVersionAfterUid) {
  std::string stored =
      R"({"kind":"A","apiVersion":"v1","metadata":{"name":"c","uid":"u1","labels":{"uid":"x"}}})";
  EXPECT_EQ(
      WithResourceVersion(stored, 42),
      R"({"kind":"A","apiVersion":"v1","metadata":{"name":"c","uid":"u1","resourceVersion":"42","labels":{"uid":"x"}}})");
}

TEST(ObjectCodecTest, SplicesIntoMetadataWithoutUid) {
  EXPECT_EQ(WithResourceVersion(R"({"metadata":{}})", 3),
            R"({"metadata":{"resourceVersion":"3"}})");
  EXPECT_EQ(WithResourceVersion(R"({"metadata":{"labels":{"uid":"a"}}})", 3),
            R"({"metadata":{"resourceVersion":"3","labels":{"uid":"a"}}})");
}

}  // namespace
}  // namespace ekslite::apiserver
