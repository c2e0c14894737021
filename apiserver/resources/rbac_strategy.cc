#include "apiserver/resources/rbac_strategy.h"

#include "core/api/field_errors.h"
#include "core/api/go_format.h"
#include "core/api/label_selector.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

using api::BadValue;
using api::ErrorList;
using api::FieldPath;

constexpr char kGroup[] = "rbac.authorization.k8s.io";

std::vector<std::string> Strings(const JsonValue& object, std::string_view name) {
  std::vector<std::string> out;
  const JsonValue* list = Member(object, name);
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) out.emplace_back(View(v));
  return out;
}

void ValidateRule(const JsonValue& rule, bool namespaced, const FieldPath& path, ErrorList* errs) {
  if (Strings(rule, "verbs").empty()) {
    errs->Add(api::Required(path.Child("verbs"), "verbs must contain at least one value"));
  }
  std::vector<std::string> urls = Strings(rule, "nonResourceURLs");
  if (!urls.empty()) {
    BadValue value = BadValue::Raw(api::GoStringSlice(urls, true));
    if (namespaced) {
      errs->Add(api::Invalid(path.Child("nonResourceURLs"), value,
                             "namespaced rules cannot apply to non-resource URLs"));
    }
    if (!Strings(rule, "apiGroups").empty() || !Strings(rule, "resources").empty() ||
        !Strings(rule, "resourceNames").empty()) {
      errs->Add(api::Invalid(path.Child("nonResourceURLs"), value,
                             "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return;
  }
  if (Strings(rule, "apiGroups").empty()) {
    errs->Add(api::Required(path.Child("apiGroups"),
                            "resource rules must supply at least one api group"));
  }
  if (Strings(rule, "resources").empty()) {
    errs->Add(
        api::Required(path.Child("resources"), "resource rules must supply at least one resource"));
  }
}

void ValidateRules(const JsonValue& role, bool namespaced, ErrorList* errs) {
  const JsonValue* rules = Member(role, "rules");
  if (rules == nullptr || !rules->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    ValidateRule((*rules)[i], namespaced, FieldPath("rules").Index(i), errs);
  }
}

void ValidateAggregation(const JsonValue& role, ErrorList* errs) {
  const JsonValue* agg = Member(role, "aggregationRule");
  if (agg == nullptr || agg->IsNull()) return;
  FieldPath path = FieldPath("aggregationRule").Child("clusterRoleSelectors");
  const JsonValue* selectors = Member(*agg, "clusterRoleSelectors");
  if (selectors == nullptr || !selectors->IsArray() || selectors->Empty()) {
    errs->Add(api::Required(
        path, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
    return;
  }
  for (rapidjson::SizeType i = 0; i < selectors->Size(); ++i) {
    api::ValidateLabelSelector((*selectors)[i], path.Index(i), errs);
  }
}

// The %#v of the internal RoleRef upstream prints for "cannot change roleRef".
std::string RoleRefValue(const JsonValue& binding) {
  return "rbac.RoleRef{APIGroup:" + api::GoQuote(StringAt(binding, "roleRef.apiGroup")) +
         ", Kind:" + api::GoQuote(StringAt(binding, "roleRef.kind")) +
         ", Name:" + api::GoQuote(StringAt(binding, "roleRef.name")) + "}";
}

void ValidateRoleRef(const JsonValue& binding, bool namespaced, ErrorList* errs) {
  FieldPath ref("roleRef");
  std::string_view group = StringAt(binding, "roleRef.apiGroup");
  if (group != kGroup) {
    errs->Add(api::NotSupported(ref.Child("apiGroup"), BadValue::String(group), {kGroup}));
  }
  std::string_view kind = StringAt(binding, "roleRef.kind");
  if (namespaced && kind != "Role" && kind != "ClusterRole") {
    errs->Add(api::NotSupported(ref.Child("kind"), BadValue::String(kind), {"Role", "ClusterRole"}));
  } else if (!namespaced && kind != "ClusterRole") {
    errs->Add(api::NotSupported(ref.Child("kind"), BadValue::String(kind), {"ClusterRole"}));
  }
  std::string_view name = StringAt(binding, "roleRef.name");
  if (name.empty()) errs->Add(api::Required(ref.Child("name"), ""));
  for (const std::string& msg : api::IsValidPathSegmentName(name)) {
    errs->Add(api::Invalid(ref.Child("name"), name, msg));
  }
}

void ValidateSubject(const JsonValue& s, bool namespaced, const FieldPath& path, ErrorList* errs) {
  std::string_view name = StringAt(s, "name");
  std::string_view kind = StringAt(s, "kind");
  std::string_view group = StringAt(s, "apiGroup");
  if (name.empty()) errs->Add(api::Required(path.Child("name"), ""));
  if (kind == "ServiceAccount") {
    if (!name.empty()) {
      for (const std::string& msg : api::NameIsDnsSubdomain(name, false)) {
        errs->Add(api::Invalid(path.Child("name"), name, msg));
      }
    }
    if (!group.empty()) {
      errs->Add(api::NotSupported(path.Child("apiGroup"), BadValue::String(group), {""}));
    }
    if (!namespaced && StringAt(s, "namespace").empty()) {
      errs->Add(api::Required(path.Child("namespace"), ""));
    }
  } else if (kind == "User" || kind == "Group") {
    if (group != kGroup) {
      errs->Add(api::NotSupported(path.Child("apiGroup"), BadValue::String(group), {kGroup}));
    }
  } else {
    errs->Add(api::NotSupported(path.Child("kind"), BadValue::String(kind),
                                {"ServiceAccount", "User", "Group"}));
  }
}

// v1 defaults: roleRef.apiGroup, and the apiGroup of User and Group subjects.
void DefaultBinding(Json& binding) {
  JsonAllocator& a = binding.GetAllocator();
  if (JsonValue* ref = Member(binding, "roleRef"); ref != nullptr && ref->IsObject()) {
    if (StringAt(*ref, "apiGroup").empty()) SetString(*ref, "apiGroup", kGroup, a);
  }
  JsonValue* subjects = Member(binding, "subjects");
  if (subjects == nullptr || !subjects->IsArray()) return;
  for (JsonValue& s : subjects->GetArray()) {
    std::string_view kind = StringAt(s, "kind");
    if (s.IsObject() && (kind == "User" || kind == "Group") && Member(s, "apiGroup") == nullptr) {
      SetString(s, "apiGroup", kGroup, a);
    }
  }
}

Strategy RoleLike(const char* kind, bool namespaced) {
  Strategy s;
  s.validate = [kind, namespaced](const JsonValue& role, const JsonValue*) -> Status {
    ErrorList errs;
    ValidateRules(role, namespaced, &errs);
    if (!namespaced) ValidateAggregation(role, &errs);
    if (errs.empty()) return Status::Ok();
    return api::ToInvalidStatus(kind, kGroup, StringAt(role, "metadata.name"), errs);
  };
  return s;
}

Strategy BindingLike(const char* kind, bool namespaced) {
  Strategy s;
  s.prepare_for_create = [](Json& b, const WriteContext&) {
    DefaultBinding(b);
    return Status::Ok();
  };
  s.prepare_for_update = [](Json& b, const JsonValue&, const WriteContext&) {
    DefaultBinding(b);
    return Status::Ok();
  };
  s.validate = [kind, namespaced](const JsonValue& b, const JsonValue* old) -> Status {
    ErrorList errs;
    ValidateRoleRef(b, namespaced, &errs);
    const JsonValue* subjects = Member(b, "subjects");
    if (subjects != nullptr && subjects->IsArray()) {
      for (rapidjson::SizeType i = 0; i < subjects->Size(); ++i) {
        ValidateSubject((*subjects)[i], namespaced, FieldPath("subjects").Index(i), &errs);
      }
    }
    const JsonValue* ref = Member(b, "roleRef");
    const JsonValue* old_ref = old != nullptr ? Member(*old, "roleRef") : nullptr;
    if (old_ref != nullptr && (ref == nullptr || *ref != *old_ref)) {
      errs.Add(api::Invalid(FieldPath("roleRef"), BadValue::Raw(RoleRefValue(b)),
                            "cannot change roleRef"));
    }
    if (errs.empty()) return Status::Ok();
    return api::ToInvalidStatus(kind, kGroup, StringAt(b, "metadata.name"), errs);
  };
  return s;
}

}  // namespace

Strategy RoleStrategy() { return RoleLike("Role", true); }
Strategy ClusterRoleStrategy() { return RoleLike("ClusterRole", false); }
Strategy RoleBindingStrategy() { return BindingLike("RoleBinding", true); }
Strategy ClusterRoleBindingStrategy() { return BindingLike("ClusterRoleBinding", false); }

}  // namespace ekslite::apiserver
