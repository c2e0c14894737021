// serviceaccounts/token: TokenRequest (authentication.k8s.io/v1), as
// upstream serves it: a signed token for the service account in the URL,
// for the audiences asked (the API server's by default), valid for
// expirationSeconds (default 3600, at least 600, at most 2^32), optionally
// bound to a Pod, Secret or Node of the namespace.
#include <chrono>

#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/review_support.h"
#include "apiserver/response.h"
#include "core/api/field_errors.h"

namespace ekslite::apiserver {
namespace {

using api::FieldPath;

constexpr char kAuthGroup[] = "authentication.k8s.io";
constexpr int64_t kMinExpiration = 600;
constexpr int64_t kMaxExpiration = int64_t{1} << 32;

StatusOr<Json> GetCore(const RequestScope& scope, const char* resource, const std::string& ns,
                       const std::string& name) {
  const ResourceInfo* info = scope.registry.table()->Find("", "v1", resource);
  if (info == nullptr) return Status::NotFound(std::string(resource) + " are not served");
  EKS_ASSIGN_OR_RETURN(ObjectPtr obj, scope.registry.Get(*info, ns, name));
  return ParseJson(obj->json);
}

Status CheckMetadata(const JsonValue& req, const std::string& ns, const std::string& name) {
  api::ErrorList errs;
  std::string_view n = StringAt(req, "metadata.name");
  std::string_view s = StringAt(req, "metadata.namespace");
  if (!n.empty() && n != name) {
    errs.Add(api::Invalid(FieldPath("metadata").Child("name"), n,
                          "must match the service account name if specified"));
  } else if (!s.empty() && s != ns) {
    errs.Add(api::Invalid(FieldPath("metadata").Child("namespace"), s,
                          "must match the service account namespace if specified"));
  }
  return errs.empty() ? Status::Ok() : api::ToInvalidStatus("TokenRequest", kAuthGroup, name, errs);
}

Status CheckExpiration(int64_t seconds) {
  api::ErrorList errs;
  FieldPath path = FieldPath("spec").Child("expirationSeconds");
  if (seconds < kMinExpiration) {
    errs.Add(api::Invalid(path, api::BadValue::Int(seconds),
                          "may not specify a duration less than 10 minutes"));
  }
  if (seconds > kMaxExpiration) {
    errs.Add(api::Invalid(path, api::BadValue::Int(seconds),
                          "may not specify a duration larger than 2^32 seconds"));
  }
  return errs.empty() ? Status::Ok() : api::ToInvalidStatus("TokenRequest", kAuthGroup, "", errs);
}

// Resolves spec.boundObjectRef into the claims it binds the token to.
Status Bind(const RequestScope& scope, const JsonValue& ref, TokenIssue* issue) {
  std::string api_version(StringAt(ref, "apiVersion"));
  std::string kind(StringAt(ref, "kind"));
  std::string name(StringAt(ref, "name"));
  size_t slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  const std::string& ns = issue->namespace_;
  std::string uid;
  if (group.empty() && kind == "Pod") {
    EKS_ASSIGN_OR_RETURN(Json pod, GetCore(scope, "pods", ns, name));
    if (StringAt(pod, "spec.serviceAccountName") != issue->service_account_name) {
      return Status::BadRequest("cannot bind token for serviceaccount \"" +
                                issue->service_account_name +
                                "\" to pod running with different serviceaccount name.");
    }
    uid = StringAt(pod, "metadata.uid");
    issue->pod = BoundObjectClaim{name, uid};
    if (std::string node(StringAt(pod, "spec.nodeName")); !node.empty()) {
      auto n = GetCore(scope, "nodes", "", node);
      issue->node = BoundObjectClaim{node, n.ok() ? std::string(StringAt(*n, "metadata.uid")) : ""};
    }
  } else if (group.empty() && (kind == "Secret" || kind == "Node")) {
    bool secret = kind == "Secret";
    EKS_ASSIGN_OR_RETURN(Json obj, GetCore(scope, secret ? "secrets" : "nodes", secret ? ns : "", name));
    uid = StringAt(obj, "metadata.uid");
    (secret ? issue->secret : issue->node) = BoundObjectClaim{name, uid};
  } else {
    return Status::BadRequest("cannot bind token to object of type " + group + "/" + version +
                              ", Kind=" + kind);
  }
  std::string_view want = StringAt(ref, "uid");
  if (!want.empty() && want != uid) {
    return Status::Conflict("Operation cannot be fulfilled on " + kind + " \"" + name +
                            "\": the UID in the bound object reference (" + std::string(want) +
                            ") does not match the UID in record. The object might have been "
                            "deleted and then recreated");
  }
  return Status::Ok();
}

http::Response Respond(Json& req, const TokenIssue& issue, const IssuedToken& token) {
  JsonAllocator& a = req.GetAllocator();
  JsonValue& meta = EnsureObject(req, "metadata", a);
  SetString(meta, "name", issue.service_account_name, a);
  SetString(meta, "namespace", issue.namespace_, a);
  SetString(meta, "creationTimestamp",
            FormatRfc3339(token.expiration - std::chrono::seconds(issue.expiration_seconds)), a);
  JsonValue& spec = EnsureObject(req, "spec", a);
  SetMember(spec, "audiences", StringArray(token.audiences, a), a);
  SetInt(spec, "expirationSeconds", issue.expiration_seconds, a);
  JsonValue& status = EnsureObject(req, "status", a);
  SetString(status, "token", token.token, a);
  SetString(status, "expirationTimestamp", FormatRfc3339(token.expiration), a);
  return ReviewResponse(req);
}

StatusOr<Json> Serve(const RequestScope& scope, const ServiceAccountTokens& tokens,
                     TokenIssue* issue) {
  EKS_ASSIGN_OR_RETURN(Json req, DecodeReview(scope));
  const std::string& ns = scope.info.namespace_;
  const std::string& name = scope.info.name;
  EKS_RETURN_IF_ERROR(CheckMetadata(req, ns, name));
  EKS_ASSIGN_OR_RETURN(Json sa, GetCore(scope, "serviceaccounts", ns, name));
  issue->namespace_ = ns;
  issue->service_account_name = name;
  issue->service_account_uid = StringAt(sa, "metadata.uid");
  const JsonValue* spec = Member(req, "spec");
  if (spec != nullptr && spec->IsObject()) {
    issue->audiences = StringList(*spec, "audiences");
    issue->expiration_seconds = IntAt(*spec, "expirationSeconds").value_or(3600);
  }
  if (issue->audiences.empty()) issue->audiences = tokens.api_audiences();
  EKS_RETURN_IF_ERROR(CheckExpiration(issue->expiration_seconds));
  const JsonValue* ref = spec != nullptr ? Member(*spec, "boundObjectRef") : nullptr;
  if (ref != nullptr && ref->IsObject()) EKS_RETURN_IF_ERROR(Bind(scope, *ref, issue));
  return req;
}

}  // namespace

RequestHandler TokenRequestHandler(const ServiceAccountTokens* tokens) {
  return [tokens](const RequestScope& scope) -> http::Response {
    if (scope.info.verb != "create") {
      return StatusResponse(Status::MethodNotAllowed(
          "the server does not allow this method on the requested resource"));
    }
    TokenIssue issue;
    auto req = Serve(scope, *tokens, &issue);
    if (!req.ok()) return StatusResponse(req.status());
    auto token = tokens->Issue(issue);
    if (!token.ok()) return StatusResponse(token.status());
    return Respond(*req, issue, *token);
  };
}

}  // namespace ekslite::apiserver
