#include "apiserver/resources/service_validation.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

// The message of validating `json` as a Service; "" when it is valid.
std::string Check(const std::string& json) {
  auto doc = ParseJson(json);
  EXPECT_TRUE(doc.ok()) << json;
  Status s = ValidateService(*doc, nullptr);
  return s.ok() ? "" : s.message();
}

std::string Svc(const std::string& spec) {
  return R"({"metadata":{"name":"web"},"spec":)" + spec + "}";
}

TEST(ServiceValidationTest, AcceptsDefaultedServices) {
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None",)"
                      R"("ports":[{"port":80,"protocol":"TCP","targetPort":8080}]})")),
            "");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","clusterIP":"None"})")),
            "");
  EXPECT_EQ(Check(Svc(R"({"type":"ExternalName","sessionAffinity":"None",)"
                      R"("externalName":"db.example.com"})")),
            "");
  EXPECT_EQ(Check(Svc(R"({"type":"NodePort","sessionAffinity":"None","ports":[)"
                      R"({"name":"http","port":80,"protocol":"TCP","targetPort":"web","nodePort":30080},)"
                      R"({"name":"dns","port":53,"protocol":"UDP","targetPort":53}]})")),
            "");
}

TEST(ServiceValidationTest, RequiresPortsUnlessHeadlessOrExternalName) {
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None"})")),
            R"(Service "web" is invalid: spec.ports: Required value)");
}

TEST(ServiceValidationTest, ChecksEachPort) {
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"port":0,"protocol":"TCP"}]})")),
            R"(Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between )"
            R"(1 and 65535, inclusive)");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"port":80,"protocol":"HTTP"}]})")),
            R"(Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": )"
            R"(supported values: "SCTP", "TCP", "UDP")");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"name":"a","port":80,"protocol":"TCP"},{"port":81,"protocol":"TCP"}]})")),
            R"(Service "web" is invalid: spec.ports[1].name: Required value)");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"name":"a","port":80,"protocol":"TCP"},{"name":"a","port":81,"protocol":"TCP"}]})")),
            R"(Service "web" is invalid: spec.ports[1].name: Duplicate value: "a")");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"port":80,"protocol":"TCP","nodePort":30001}]})")),
            "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when "
            "`type` is 'ClusterIP'");
  EXPECT_EQ(Check(Svc(R"({"type":"ClusterIP","sessionAffinity":"None","ports":[)"
                      R"({"port":80,"protocol":"TCP","targetPort":"Web--1"}]})")),
            R"(Service "web" is invalid: [spec.ports[0].targetPort: Invalid value: "Web--1": )"
            R"(must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), )"
            R"(spec.ports[0].targetPort: Invalid value: "Web--1": must not contain consecutive )"
            R"(hyphens])");
}

TEST(ServiceValidationTest, ChecksTypeAffinityAndExternalName) {
  EXPECT_EQ(Check(Svc(R"({"type":"Magic","sessionAffinity":"None","clusterIP":"None"})")),
            R"(Service "web" is invalid: spec.type: Unsupported value: "Magic": supported )"
            R"(values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort")");
  EXPECT_EQ(Check(Svc(R"({"type":"ExternalName","sessionAffinity":"Sticky"})")),
            R"(Service "web" is invalid: [spec.externalName: Required value, )"
            R"(spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", )"
            R"("None"])");
}

}  // namespace
}  // namespace ekslite::apiserver
