// What the review resources (TokenReview, SelfSubjectReview, the access and
// rules reviews, TokenRequest) share: they are not stored; a POST is answered
// 201 with the request object completed by a status.
#ifndef EKSLITE_APISERVER_RESOURCES_REVIEW_SUPPORT_H_
#define EKSLITE_APISERVER_RESOURCES_REVIEW_SUPPORT_H_

#include "apiserver/authn/user.h"
#include "apiserver/handlers/scope.h"
#include "core/json.h"

namespace ekslite::apiserver {

// The request body (JSON, YAML or protobuf) as an object with the resource's
// apiVersion and kind and a metadata object. Errors: the decoder's.
StatusOr<Json> DecodeReview(const RequestScope& scope);

// 201 with `review` (metadata.creationTimestamp null unless set, as upstream
// serialises an unset time).
http::Response ReviewResponse(Json& review);

// authentication.k8s.io/v1 UserInfo: username, uid, groups, extra (empty
// members omitted).
JsonValue UserInfoJson(const UserInfo& user, JsonAllocator& a);

// A list of strings at `name` of `object` (non-strings skipped).
std::vector<std::string> StringList(const JsonValue& object, std::string_view name);
// A JSON array of `values`.
JsonValue StringArray(const std::vector<std::string>& values, JsonAllocator& a);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_REVIEW_SUPPORT_H_
