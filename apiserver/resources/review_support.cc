#include "apiserver/resources/review_support.h"

#include "apiserver/handlers/body.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

StatusOr<Json> DecodeReview(const RequestScope& scope) {
  EKS_ASSIGN_OR_RETURN(Json doc, DecodeObjectBody(scope));
  if (!doc.IsObject()) return Status::BadRequest("the request body is not an object");
  JsonAllocator& a = doc.GetAllocator();
  std::string kind = scope.resource.kind;
  std::string api_version = scope.resource.ApiVersion();
  for (const SubresourceInfo& s : scope.resource.subresources) {
    if (s.name != scope.info.subresource) continue;
    kind = s.kind;
    api_version = s.group.empty() ? s.version : s.group + "/" + s.version;
  }
  SetString(doc, "apiVersion", api_version, a);
  SetString(doc, "kind", kind, a);
  JsonValue* meta = Member(doc, "metadata");
  if (meta == nullptr || !meta->IsObject()) {
    SetMember(doc, "metadata", JsonValue(rapidjson::kObjectType), a);
  }
  return doc;
}

http::Response ReviewResponse(Json& review) {
  JsonValue& meta = EnsureObject(review, "metadata", review.GetAllocator());
  if (Member(meta, "creationTimestamp") == nullptr) {
    SetMember(meta, "creationTimestamp", JsonValue(rapidjson::kNullType), review.GetAllocator());
  }
  return JsonResponse(201, ToJsonString(review));
}

JsonValue UserInfoJson(const UserInfo& user, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  if (!user.name.empty()) SetString(out, "username", user.name, a);
  if (!user.uid.empty()) SetString(out, "uid", user.uid, a);
  if (!user.groups.empty()) SetMember(out, "groups", StringArray(user.groups, a), a);
  if (!user.extra.empty()) {
    JsonValue extra(rapidjson::kObjectType);
    for (const auto& [key, values] : user.extra) SetMember(extra, key, StringArray(values, a), a);
    SetMember(out, "extra", std::move(extra), a);
  }
  return out;
}

std::vector<std::string> StringList(const JsonValue& object, std::string_view name) {
  std::vector<std::string> out;
  const JsonValue* list = Member(object, name);
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString()) out.emplace_back(View(v));
  }
  return out;
}

JsonValue StringArray(const std::vector<std::string>& values, JsonAllocator& a) {
  JsonValue list(rapidjson::kArrayType);
  for (const std::string& v : values) list.PushBack(MakeString(v, a), a);
  return list;
}

}  // namespace ekslite::apiserver
