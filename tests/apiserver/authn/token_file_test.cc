#include "apiserver/authn/token_file.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

http::Request WithAuthorization(std::string_view value) {
  http::Request request(http::Verb::get, "/api", 11);
  if (!value.empty()) request.set(http::Field::authorization, value);
  return request;
}

TEST(TokenFileTest, ParsesUsersUidsAndGroups) {
  auto entries = ParseTokenFile(
      "tok1,alice,uid-1\n"
      "\n"
      "tok2,bob,uid-2,\"dev,ops\"\r\n"
      "  tok3, carol ,uid-3,single\n",
      "tokens.csv");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].token, "tok1");
  EXPECT_EQ((*entries)[0].user.name, "alice");
  EXPECT_EQ((*entries)[0].user.uid, "uid-1");
  EXPECT_TRUE((*entries)[0].user.groups.empty());
  EXPECT_EQ((*entries)[1].user.groups, (std::vector<std::string>{"dev", "ops"}));
  EXPECT_EQ((*entries)[2].token, "tok3");
  EXPECT_EQ((*entries)[2].user.name, "carol ");
  EXPECT_EQ((*entries)[2].user.groups, std::vector<std::string>{"single"});
}

TEST(TokenFileTest, QuotedFieldsMayHoldQuotesAndCommas) {
  auto entries = ParseTokenFile("\"a,b\",\"x \"\"y\"\"\",u\n", "f");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  EXPECT_EQ((*entries)[0].token, "a,b");
  EXPECT_EQ((*entries)[0].user.name, "x \"y\"");
}

TEST(TokenFileTest, EmptyFileHasNoTokens) {
  auto entries = ParseTokenFile("\n\n", "f");
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
}

TEST(TokenFileTest, MalformedLinesAreErrorsNamingTheLine) {
  struct Case {
    const char* content;
    const char* message;
  } cases[] = {
      {"tok,alice\n", "tokens.csv line 1: want token,user,uid[,groups], found 2 columns"},
      {"a,b,c\nt,u,i,g,extra\n",
       "tokens.csv line 2: want token,user,uid[,groups], found 5 columns"},
      {",alice,1\n", "tokens.csv line 1: empty token"},
      {"t,,1\n", "tokens.csv line 1: empty user name"},
      {"\n\nt,\"u,1\n", "tokens.csv line 3: unterminated quoted field"},
      {"t,\"u\"x,1\n", "tokens.csv line 1: unexpected text after a quoted field"},
      {"t,u\"x,1\n", "tokens.csv line 1: a quote inside an unquoted field"},
      {"t,u,1\nt,v,2\n", "tokens.csv line 2: duplicate token"},
  };
  for (const Case& c : cases) {
    auto entries = ParseTokenFile(c.content, "tokens.csv");
    EXPECT_EQ(entries.status().code(), Code::kInvalid) << c.content;
    EXPECT_EQ(entries.status().message(), c.message) << c.content;
  }
}

TEST(TokenFileTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadTokenFile("/nonexistent/tokens.csv").status().code(), Code::kNotFound);
}

TEST(TokenAuthenticatorTest, KnownTokenAuthenticates) {
  auto entries = ParseTokenFile("secret,alice,uid-1,\"dev\"\n", "f");
  ASSERT_TRUE(entries.ok());
  auto authn = NewTokenAuthenticator(std::move(*entries));
  auto user = authn->Authenticate(WithAuthorization("Bearer secret"), Peer{});
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(user->has_value());
  EXPECT_EQ((*user)->name, "alice");
  EXPECT_EQ((*user)->uid, "uid-1");
  EXPECT_EQ((*user)->groups, (std::vector<std::string>{"dev", "system:authenticated"}));
  // The scheme is case-insensitive.
  EXPECT_TRUE(authn->Authenticate(WithAuthorization("bearer secret"), Peer{})->has_value());
}

TEST(TokenAuthenticatorTest, UnknownTokenIsUnauthorized) {
  auto authn = NewTokenAuthenticator(*ParseTokenFile("secret,alice,1\n", "f"));
  for (const char* header : {"Bearer secre", "Bearer secrett", "Bearer other"}) {
    EXPECT_EQ(authn->Authenticate(WithAuthorization(header), Peer{}).status().code(),
              Code::kUnauthorized)
        << header;
  }
}

TEST(TokenAuthenticatorTest, NoBearerTokenIsNotItsBusiness) {
  auto authn = NewTokenAuthenticator(*ParseTokenFile("secret,alice,1\n", "f"));
  for (const char* header : {"", "Basic YWxpY2U6cHc=", "Bearer", "Bearer ", "Bearer  secret"}) {
    auto user = authn->Authenticate(WithAuthorization(header), Peer{});
    ASSERT_TRUE(user.ok()) << header;
    EXPECT_FALSE(user->has_value()) << header;
  }
}

}  // namespace
}  // namespace ekslite::apiserver
