#include "apiserver/authn/service_account_jwt.h"

#include <gtest/gtest.h>

#include "core/base64.h"
#include "core/json.h"

namespace ekslite::apiserver {
namespace {

ServiceAccountClaims Claims() {
  ServiceAccountClaims c;
  c.issuer = "https://issuer";
  c.subject = "system:serviceaccount:ns:sa";
  c.audiences = {"a", "b"};
  c.issued_at = 100;
  c.not_before = 100;
  c.expiry = 3700;
  c.id = "id-1";
  c.namespace_ = "ns";
  c.service_account = {"sa", "uid-sa"};
  c.pod = BoundObjectClaim{"p", "uid-p"};
  c.node = BoundObjectClaim{"n", ""};
  return c;
}

TEST(ServiceAccountJwtTest, ClaimsJsonIsSortedAndRoundTrips) {
  std::string json = ClaimsToJson(Claims());
  EXPECT_EQ(json,
            R"({"aud":["a","b"],"exp":3700,"iat":100,"iss":"https://issuer","jti":"id-1",)"
            R"("kubernetes.io":{"namespace":"ns","node":{"name":"n"},"pod":{"name":"p",)"
            R"("uid":"uid-p"},"serviceaccount":{"name":"sa","uid":"uid-sa"}},"nbf":100,)"
            R"("sub":"system:serviceaccount:ns:sa"})");
  auto back = ClaimsFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->audiences, Claims().audiences);
  EXPECT_EQ(back->pod->uid, "uid-p");
  EXPECT_EQ(back->node->name, "n");
  EXPECT_FALSE(back->secret.has_value());
  EXPECT_EQ(back->expiry, 3700);
}

TEST(ServiceAccountJwtTest, SignedTokenVerifiesWithTheKeyOnly) {
  auto signer = JwtSigner::Generate();
  ASSERT_TRUE(signer.ok());
  auto token = (*signer)->Sign(Claims());
  ASSERT_TRUE(token.ok());
  auto jwt = ParseJwt(*token);
  ASSERT_TRUE(jwt.has_value());
  EXPECT_EQ(jwt->algorithm, "ES256");
  EXPECT_EQ(jwt->key_id, (*signer)->key_id());
  EXPECT_EQ(jwt->signature.size(), 64u);
  auto verifier = JwtVerifier::FromPublicKeyPems({(*signer)->public_key_pem()});
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE((*verifier)->Verify(*jwt));

  auto other = JwtSigner::Generate();
  auto stranger = JwtVerifier::FromPublicKeyPems({(*other)->public_key_pem()});
  EXPECT_FALSE((*stranger)->Verify(*jwt));

  // A changed payload no longer verifies.
  ServiceAccountClaims forged = Claims();
  forged.subject = "system:serviceaccount:kube-system:admin";
  ParsedJwt tampered = *jwt;
  tampered.signing_input = tampered.signing_input.substr(0, tampered.signing_input.find('.') + 1) +
                           Base64UrlEncode(ClaimsToJson(forged));
  EXPECT_FALSE((*verifier)->Verify(tampered));
}

TEST(ServiceAccountJwtTest, ParseRejectsWhatIsNotAJws) {
  EXPECT_FALSE(ParseJwt("abc").has_value());
  EXPECT_FALSE(ParseJwt("a.b").has_value());
  EXPECT_FALSE(ParseJwt("a.b.c.d").has_value());
  EXPECT_FALSE(ParseJwt(Base64UrlEncode("{}") + ".e30.").has_value());
}

}  // namespace
}  // namespace ekslite::apiserver
