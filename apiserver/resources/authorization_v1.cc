// authorization.k8s.io/v1: the access reviews (may this user do this?) and
// the rules review (what may I do in this namespace?), answered by the
// apiserver's authorizer as upstream answers them. None is stored.
//
//   selfsubjectaccessreviews   the requester (`kubectl auth can-i`)
//   subjectaccessreviews       any user, groups, uid and extra
//   localsubjectaccessreviews  any user, in the URL's namespace
//   selfsubjectrulesreviews    the requester's rules (`kubectl auth can-i --list`)
#include "apiserver/authz/authorizer.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/review_support.h"
#include "apiserver/response.h"
#include "core/api/field_errors.h"
#include "core/api/go_format.h"

namespace ekslite::apiserver {
namespace {

using api::FieldPath;

constexpr char kGroup[] = "authorization.k8s.io";

// The user a SubjectAccessReview asks about.
UserInfo SpecUser(const JsonValue& spec) {
  UserInfo user;
  user.name = StringAt(spec, "user");
  user.uid = StringAt(spec, "uid");
  user.groups = StringList(spec, "groups");
  if (const JsonValue* extra = Member(spec, "extra"); extra != nullptr && extra->IsObject()) {
    for (const auto& m : extra->GetObject()) {
      user.extra[std::string(View(m.name))] = StringList(*extra, View(m.name));
    }
  }
  return user;
}

// Upstream's %#v of the NonResourceAttributes it refuses next to resource ones.
std::string NonResourceValue(const JsonValue& n) {
  return "&authorization.NonResourceAttributes{Path:" + api::GoQuote(StringAt(n, "path")) +
         ", Verb:" + api::GoQuote(StringAt(n, "verb")) + "}";
}

Status ValidateSpec(const JsonValue& spec, const char* kind, bool subject) {
  api::ErrorList errs;
  const JsonValue* res = Member(spec, "resourceAttributes");
  const JsonValue* non = Member(spec, "nonResourceAttributes");
  bool has_res = res != nullptr && res->IsObject();
  bool has_non = non != nullptr && non->IsObject();
  FieldPath path("spec");
  if (!has_res && !has_non) {
    errs.Add(api::Required(path.Child("resourceAttributes"),
                           "exactly one of nonResourceAttributes or resourceAttributes must be "
                           "specified"));
  } else if (has_res && has_non) {
    errs.Add(api::Invalid(path.Child("nonResourceAttributes"),
                          api::BadValue::Raw(NonResourceValue(*non)),
                          "cannot be specified in combination with resourceAttributes"));
  }
  if (subject && StringAt(spec, "user").empty() && StringList(spec, "groups").empty()) {
    errs.Add(api::Invalid(path.Child("user"), "", "at least one of user or group must be specified"));
  }
  return errs.empty() ? Status::Ok() : api::ToInvalidStatus(kind, kGroup, "", errs);
}

Attributes SpecAttributes(const JsonValue& spec, const UserInfo& user) {
  Attributes a;
  a.user = user;
  if (const JsonValue* r = Member(spec, "resourceAttributes"); r != nullptr && r->IsObject()) {
    a.verb = StringAt(*r, "verb");
    a.namespace_ = StringAt(*r, "namespace");
    a.api_group = StringAt(*r, "group");
    a.api_version = StringAt(*r, "version", "*");
    a.resource = StringAt(*r, "resource");
    a.subresource = StringAt(*r, "subresource");
    a.name = StringAt(*r, "name");
    return a;
  }
  const JsonValue* n = Member(spec, "nonResourceAttributes");
  a.resource_request = false;
  a.verb = StringAt(*n, "verb");
  a.path = StringAt(*n, "path");
  return a;
}

// The review with its status: allowed, reason.
http::Response Decide(Json& review, const Attributes& attributes, const Authorizer& authorizer) {
  Decision d = authorizer.Authorize(attributes);
  JsonAllocator& a = review.GetAllocator();
  JsonValue status(rapidjson::kObjectType);
  status.AddMember("allowed", d.allowed, a);
  if (!d.reason.empty()) SetString(status, "reason", d.reason, a);
  SetMember(review, "status", std::move(status), a);
  return ReviewResponse(review);
}

enum class ReviewKind { kSelf, kSubject, kLocal };

RequestHandler AccessReview(ReviewKind kind, const Authorizer* authorizer) {
  return [kind, authorizer](const RequestScope& scope) -> http::Response {
    auto review = DecodeReview(scope);
    if (!review.ok()) return StatusResponse(review.status());
    const JsonValue* spec = Member(*review, "spec");
    static const JsonValue kEmpty(rapidjson::kObjectType);
    if (spec == nullptr || !spec->IsObject()) spec = &kEmpty;
    Status valid = ValidateSpec(*spec, scope.resource.kind.c_str(), kind != ReviewKind::kSelf);
    if (!valid.ok()) return StatusResponse(valid);
    if (kind == ReviewKind::kLocal) {
      const std::string& ns = scope.info.namespace_;
      if (Member(*spec, "nonResourceAttributes") != nullptr ||
          StringAt(*spec, "resourceAttributes.namespace") != ns) {
        return StatusResponse(
            Status::BadRequest("spec.resourceAttributes.namespace must match namespace: " + ns));
      }
    }
    UserInfo user = kind == ReviewKind::kSelf ? scope.user : SpecUser(*spec);
    return Decide(*review, SpecAttributes(*spec, user), *authorizer);
  };
}

JsonValue RulesStatus(const UserRules& rules, JsonAllocator& a) {
  JsonValue status(rapidjson::kObjectType);
  JsonValue resource(rapidjson::kArrayType);
  for (const ResourceRuleInfo& r : rules.resource_rules) {
    JsonValue rule(rapidjson::kObjectType);
    SetMember(rule, "verbs", StringArray(r.verbs, a), a);
    if (!r.api_groups.empty()) SetMember(rule, "apiGroups", StringArray(r.api_groups, a), a);
    if (!r.resources.empty()) SetMember(rule, "resources", StringArray(r.resources, a), a);
    if (!r.resource_names.empty()) {
      SetMember(rule, "resourceNames", StringArray(r.resource_names, a), a);
    }
    resource.PushBack(rule, a);
  }
  JsonValue non(rapidjson::kArrayType);
  for (const NonResourceRuleInfo& r : rules.non_resource_rules) {
    JsonValue rule(rapidjson::kObjectType);
    SetMember(rule, "verbs", StringArray(r.verbs, a), a);
    SetMember(rule, "nonResourceURLs", StringArray(r.non_resource_urls, a), a);
    non.PushBack(rule, a);
  }
  SetMember(status, "resourceRules", std::move(resource), a);
  SetMember(status, "nonResourceRules", std::move(non), a);
  status.AddMember("incomplete", rules.incomplete, a);
  if (!rules.evaluation_error.empty()) {
    SetString(status, "evaluationError", rules.evaluation_error, a);
  }
  return status;
}

RequestHandler RulesReview(const RuleResolver* resolver) {
  return [resolver](const RequestScope& scope) -> http::Response {
    auto review = DecodeReview(scope);
    if (!review.ok()) return StatusResponse(review.status());
    std::string ns(StringAt(*review, "spec.namespace"));
    if (ns.empty()) return StatusResponse(Status::BadRequest("no namespace on request"));
    UserRules rules = resolver->RulesFor(scope.user, ns);
    SetMember(*review, "status", RulesStatus(rules, review->GetAllocator()),
              review->GetAllocator());
    return ReviewResponse(*review);
  };
}

ResourceInfo ReviewResource(const char* resource, const char* kind, bool namespaced) {
  std::string plural = resource;
  ResourceInfo info = NewResource(kGroup, "v1", plural, plural.substr(0, plural.size() - 1), kind,
                                  namespaced);
  info.verbs = {"create"};
  return info;
}

}  // namespace

void RegisterAuthorizationV1(ResourceTable& table, const BuiltinOptions& options) {
  if (options.authorizer == nullptr || options.rule_resolver == nullptr) return;
  ResourceInfo local = ReviewResource("localsubjectaccessreviews", "LocalSubjectAccessReview", true);
  local.create_handler = AccessReview(ReviewKind::kLocal, options.authorizer);
  table.Add(std::move(local));
  ResourceInfo self = ReviewResource("selfsubjectaccessreviews", "SelfSubjectAccessReview", false);
  self.create_handler = AccessReview(ReviewKind::kSelf, options.authorizer);
  table.Add(std::move(self));
  ResourceInfo rules = ReviewResource("selfsubjectrulesreviews", "SelfSubjectRulesReview", false);
  rules.create_handler = RulesReview(options.rule_resolver);
  table.Add(std::move(rules));
  ResourceInfo subject = ReviewResource("subjectaccessreviews", "SubjectAccessReview", false);
  subject.create_handler = AccessReview(ReviewKind::kSubject, options.authorizer);
  table.Add(std::move(subject));
}

}  // namespace ekslite::apiserver
