// Service-account tokens end to end through the handler: TokenRequest,
// authentication with the token, TokenReview, and the ways a token stops
// working.
#include <gtest/gtest.h>

#include "tests/apiserver/authz/authz_test_util.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::testing {
namespace {

using http::Verb;

class ServiceAccountTokenTest : public ::testing::Test {
 protected:
  ServiceAccountTokenTest() : api_(Options()) {}

  apiserver::ApiHandlerOptions Options() {
    apiserver::ApiHandlerOptions o;
    o.clock = &clock_;
    return o;
  }

  void SetUp() override {
    ASSERT_EQ(api_.Post("/api/v1/namespaces", R"({"metadata":{"name":"t"}})").code, 201);
    ASSERT_EQ(api_.Post("/api/v1/namespaces/t/serviceaccounts", R"({"metadata":{"name":"robot"}})")
                  .code,
              201);
  }

  // A token for t/robot; empty when the request failed (its body in *error).
  std::string Token(const std::string& spec = "{}", std::string* error = nullptr) {
    TestResponse r = api_.Post("/api/v1/namespaces/t/serviceaccounts/robot/token",
                               R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest",)"
                               R"("spec":)" + spec + "}");
    if (r.code != 201) {
      if (error != nullptr) *error = r.body;
      return "";
    }
    return std::string(StringAt(r.Parsed(), "status.token"));
  }

  TestResponse WithToken(const std::string& token, const std::string& target) {
    return DoAs(api_, std::nullopt, Verb::post, target,
                R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})",
                {{"Authorization", "Bearer " + token}});
  }
  TestResponse WhoAmI(const std::string& token) {
    return WithToken(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews");
  }

  Json TokenReview(const std::string& token, const std::string& audiences = "[]") {
    TestResponse r = api_.Post("/apis/authentication.k8s.io/v1/tokenreviews",
                               R"({"spec":{"token":")" + token + R"(","audiences":)" +
                                   audiences + "}}");
    EXPECT_EQ(r.code, 201) << r.body;
    return r.Parsed();
  }

  FakeClock clock_;
  TestApi api_;
};

TEST_F(ServiceAccountTokenTest, TokenAuthenticatesAsTheServiceAccount) {
  TestResponse issued = api_.Post("/api/v1/namespaces/t/serviceaccounts/robot/token",
                                  R"({"spec":{"expirationSeconds":3600}})");
  ASSERT_EQ(issued.code, 201) << issued.body;
  Json req = issued.Parsed();
  EXPECT_EQ(StringAt(req, "kind"), "TokenRequest");
  EXPECT_EQ(ToJsonString(*Path(req, "spec.audiences")),
            R"(["https://kubernetes.default.svc.cluster.local"])");
  EXPECT_EQ(StringAt(req, "status.expirationTimestamp"),
            FormatRfc3339(clock_.Now() + std::chrono::hours(1)));
  std::string token(StringAt(req, "status.token"));

  TestResponse who = WhoAmI(token);
  ASSERT_EQ(who.code, 201) << who.body;
  Json user = who.Parsed();
  EXPECT_EQ(StringAt(user, "status.userInfo.username"), "system:serviceaccount:t:robot");
  Json sa = api_.Get("/api/v1/namespaces/t/serviceaccounts/robot").Parsed();
  EXPECT_EQ(StringAt(user, "status.userInfo.uid"), StringAt(sa, "metadata.uid"));
  EXPECT_EQ(ToJsonString(*Path(user, "status.userInfo.groups")),
            R"(["system:serviceaccounts","system:serviceaccounts:t","system:authenticated"])");
  std::string extra = ToJsonString(*Path(user, "status.userInfo.extra"));
  EXPECT_NE(extra.find(R"("authentication.kubernetes.io/credential-id":["JTI=)"),
            std::string::npos);

  // Authorization applies to it like any user.
  TestResponse secrets = DoAs(api_, std::nullopt, Verb::get, "/api/v1/namespaces/t/secrets", "",
                              {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(secrets.code, 403);
  EXPECT_EQ(Message(secrets),
            "secrets is forbidden: User \"system:serviceaccount:t:robot\" cannot list resource "
            "\"secrets\" in API group \"\" in the namespace \"t\"");
}

TEST_F(ServiceAccountTokenTest, ExpiredTokenIsRefused) {
  std::string token = Token(R"({"expirationSeconds":600})");
  ASSERT_FALSE(token.empty());
  clock_.Advance(std::chrono::seconds(600 + 30));  // within the leeway
  EXPECT_EQ(WhoAmI(token).code, 201);
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(WhoAmI(token).code, 401);
  Json review = TokenReview(token);
  EXPECT_FALSE((*Path(review, "status.authenticated")).GetBool());
  EXPECT_EQ(StringAt(review, "status.error"), "service account token has expired");
}

TEST_F(ServiceAccountTokenTest, AudiencesMustMeet) {
  std::string token = Token(R"({"audiences":["vault"]})");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(WhoAmI(token).code, 401);
  Json review = TokenReview(token, R"(["vault"])");
  EXPECT_TRUE((*Path(review, "status.authenticated")).GetBool());
  EXPECT_EQ(ToJsonString(*Path(review, "status.audiences")), R"(["vault"])");
  review = TokenReview(token);
  EXPECT_EQ(StringAt(review, "status.error"),
            "token audiences [\"vault\"] is invalid for the target audiences "
            "[\"https://kubernetes.default.svc.cluster.local\"]");
}

TEST_F(ServiceAccountTokenTest, DeletedOrRecreatedServiceAccountInvalidatesTokens) {
  std::string token = Token();
  ASSERT_EQ(WhoAmI(token).code, 201);
  ASSERT_EQ(api_.Do(Verb::delete_, "/api/v1/namespaces/t/serviceaccounts/robot").code, 200);
  EXPECT_EQ(WhoAmI(token).code, 401);
  EXPECT_EQ(StringAt(TokenReview(token), "status.error"), "serviceaccounts \"robot\" not found");
  ASSERT_EQ(api_.Post("/api/v1/namespaces/t/serviceaccounts", R"({"metadata":{"name":"robot"}})")
                .code,
            201);
  EXPECT_EQ(WhoAmI(token).code, 401);
}

TEST_F(ServiceAccountTokenTest, PodBoundTokenLivesWithThePod) {
  TestResponse pod = api_.Post("/api/v1/namespaces/t/pods",
                               R"({"metadata":{"name":"p"},"spec":{"serviceAccountName":"robot",)"
                               R"("containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_EQ(pod.code, 201) << pod.body;
  std::string token = Token(R"({"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"p"}})");
  ASSERT_FALSE(token.empty());
  Json user = WhoAmI(token).Parsed();
  std::string extra = ToJsonString(*Path(user, "status.userInfo.extra"));
  EXPECT_NE(extra.find(R"("authentication.kubernetes.io/pod-name":["p"])"), std::string::npos);
  ASSERT_EQ(api_.Do(Verb::delete_, "/api/v1/namespaces/t/pods/p?gracePeriodSeconds=0").code, 200);
  EXPECT_EQ(WhoAmI(token).code, 401);
  std::string error;
  EXPECT_TRUE(Token(R"({"boundObjectRef":{"apiVersion":"v1","kind":"ConfigMap","name":"x"}})",
                    &error)
                  .empty());
  EXPECT_NE(error.find("cannot bind token to object of type /v1, Kind=ConfigMap"),
            std::string::npos);
}

TEST_F(ServiceAccountTokenTest, RequestValidation) {
  std::string error;
  EXPECT_TRUE(Token(R"({"expirationSeconds":10})", &error).empty());
  EXPECT_NE(error.find("TokenRequest.authentication.k8s.io \\\"\\\" is invalid: "
                       "spec.expirationSeconds: Invalid value: 10: may not specify a duration "
                       "less than 10 minutes"),
            std::string::npos)
      << error;
  TestResponse missing =
      api_.Post("/api/v1/namespaces/t/serviceaccounts/nobody/token", R"({"spec":{}})");
  EXPECT_EQ(missing.code, 404);
  EXPECT_EQ(Message(missing), "serviceaccounts \"nobody\" not found");
}

TEST_F(ServiceAccountTokenTest, ForeignTokensAreNotServiceAccountTokens) {
  // Not a JWT, and a JWT of another issuer: unknown bearer tokens.
  EXPECT_EQ(WhoAmI("not-a-jwt").code, 401);
  Json review = TokenReview("not-a-jwt");
  EXPECT_FALSE((*Path(review, "status.authenticated")).GetBool());
  EXPECT_EQ(StringAt(review, "status.error"), "invalid bearer token");
}

}  // namespace
}  // namespace ekslite::testing
