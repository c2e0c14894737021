#include "apiserver/authn/x509_authenticator.h"

#include <gtest/gtest.h>

#include "apiserver/authn/authenticators.h"

namespace ekslite::apiserver {
namespace {

TEST(X509AuthenticatorTest, CertificateUserIsAuthenticated) {
  Peer peer;
  peer.certificate_user = UserInfo{"admin", "", {"system:masters"}, {}};
  auto user = NewX509Authenticator()->Authenticate(http::Request(), peer);
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(user->has_value());
  EXPECT_EQ((*user)->name, "admin");
  EXPECT_EQ((*user)->groups, (std::vector<std::string>{"system:masters", "system:authenticated"}));
}

TEST(X509AuthenticatorTest, AuthenticatedGroupIsNotDuplicated) {
  Peer peer;
  peer.certificate_user = UserInfo{"node", "", {"system:authenticated"}, {}};
  auto user = NewX509Authenticator()->Authenticate(http::Request(), peer);
  EXPECT_EQ((*user)->groups, std::vector<std::string>{"system:authenticated"});
}

TEST(X509AuthenticatorTest, NoCertificateIsNoUser) {
  auto user = NewX509Authenticator()->Authenticate(http::Request(), Peer{});
  ASSERT_TRUE(user.ok());
  EXPECT_FALSE(user->has_value());
}

TEST(AuthenticatorsTest, ChainIsCertificatesThenTokens) {
  auto chain = NewAuthenticators({});
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->size(), 1u);
  EXPECT_EQ(NewAuthenticators({"/nonexistent/tokens.csv"}).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace ekslite::apiserver
