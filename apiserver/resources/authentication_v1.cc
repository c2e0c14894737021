// authentication.k8s.io/v1: SelfSubjectReview (who am I: `kubectl auth
// whoami`) and TokenReview (is this token valid, and whose is it), neither
// stored.
#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/review_support.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

http::Response SelfSubjectReview(const RequestScope& scope) {
  auto review = DecodeReview(scope);
  if (!review.ok()) return StatusResponse(review.status());
  JsonAllocator& a = review->GetAllocator();
  JsonValue& meta = EnsureObject(*review, "metadata", a);
  SetString(meta, "creationTimestamp", FormatRfc3339(scope.registry.clock().Now()), a);
  JsonValue& status = EnsureObject(*review, "status", a);
  SetMember(status, "userInfo", UserInfoJson(scope.user, a), a);
  return ReviewResponse(*review);
}

struct ReviewOutcome {
  std::optional<TokenAuthentication> accepted;
  std::string error;
};

// Service-account tokens first, then the other token authenticators (static
// tokens), which serve only the API audiences.
ReviewOutcome ReviewToken(const BuiltinOptions& o, const std::string& token,
                          const std::vector<std::string>& audiences) {
  ReviewOutcome out;
  const std::vector<std::string>& apis = o.service_account_tokens->api_audiences();
  auto sa = o.service_account_tokens->authenticator()->AuthenticateToken(token, audiences);
  if (!sa.ok()) {
    out.error = sa.status().message();
    return out;
  }
  if (*sa) {
    out.accepted = std::move(*sa);
    return out;
  }
  std::vector<std::string> shared;
  for (const std::string& a : audiences.empty() ? apis : audiences) {
    if (std::find(apis.begin(), apis.end(), a) != apis.end()) shared.push_back(a);
  }
  http::Request request(http::Verb::post, "/", 11);
  request.set(http::Field::authorization, "Bearer " + token);
  for (const auto& authenticator : o.token_authenticators) {
    auto user = authenticator->Authenticate(request, Peer{});
    if (user.ok() && *user && !shared.empty()) {
      out.accepted = TokenAuthentication{std::move(**user), shared};
      return out;
    }
  }
  out.error = "invalid bearer token";
  return out;
}

RequestHandler TokenReviewHandler(const BuiltinOptions& options) {
  return [options](const RequestScope& scope) -> http::Response {
    auto review = DecodeReview(scope);
    if (!review.ok()) return StatusResponse(review.status());
    const JsonValue* spec = Member(*review, "spec");
    std::string token = spec != nullptr ? std::string(StringAt(*spec, "token")) : "";
    if (token.empty()) {
      return StatusResponse(
          Status::BadRequest("token is required for TokenReview in authentication"));
    }
    ReviewOutcome outcome = ReviewToken(options, token, StringList(*spec, "audiences"));
    JsonAllocator& a = review->GetAllocator();
    JsonValue status(rapidjson::kObjectType);
    status.AddMember("authenticated", outcome.accepted.has_value(), a);
    if (outcome.accepted) {
      SetMember(status, "user", UserInfoJson(outcome.accepted->user, a), a);
      SetMember(status, "audiences", StringArray(outcome.accepted->audiences, a), a);
    } else {
      SetMember(status, "user", JsonValue(rapidjson::kObjectType), a);
      SetString(status, "error", outcome.error, a);
    }
    SetMember(*review, "status", std::move(status), a);
    return ReviewResponse(*review);
  };
}

}  // namespace

void RegisterAuthenticationV1(ResourceTable& table, const BuiltinOptions& options) {
  const char* group = "authentication.k8s.io";
  ResourceInfo ssr =
      NewResource(group, "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview",
                  false);
  ssr.verbs = {"create"};
  ssr.create_handler = SelfSubjectReview;
  table.Add(std::move(ssr));
  if (options.service_account_tokens == nullptr) return;
  ResourceInfo tr = NewResource(group, "v1", "tokenreviews", "tokenreview", "TokenReview", false);
  tr.verbs = {"create"};
  tr.create_handler = TokenReviewHandler(options);
  table.Add(std::move(tr));
}

}  // namespace ekslite::apiserver
