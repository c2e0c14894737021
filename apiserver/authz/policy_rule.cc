#include "apiserver/authz/policy_rule.h"

#include <algorithm>

namespace ekslite::apiserver {
namespace {

std::vector<std::string> Strings(const JsonValue& object, std::string_view name) {
  std::vector<std::string> out;
  const JsonValue* list = Member(object, name);
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString()) out.emplace_back(View(v));
  }
  return out;
}

void SetStrings(JsonValue& object, std::string_view name, const std::vector<std::string>& values,
                JsonAllocator& a) {
  JsonValue list(rapidjson::kArrayType);
  for (const std::string& v : values) list.PushBack(MakeString(v, a), a);
  SetMember(object, name, std::move(list), a);
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

PolicyRule PolicyRuleFromJson(const JsonValue& rule) {
  PolicyRule out;
  out.verbs = Strings(rule, "verbs");
  out.api_groups = Strings(rule, "apiGroups");
  out.resources = Strings(rule, "resources");
  out.resource_names = Strings(rule, "resourceNames");
  out.non_resource_urls = Strings(rule, "nonResourceURLs");
  return out;
}

std::vector<PolicyRule> PolicyRulesFromJson(const JsonValue* rules) {
  std::vector<PolicyRule> out;
  if (rules == nullptr || !rules->IsArray()) return out;
  for (const JsonValue& r : rules->GetArray()) {
    if (r.IsObject()) out.push_back(PolicyRuleFromJson(r));
  }
  return out;
}

JsonValue PolicyRuleToJson(const PolicyRule& rule, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  SetStrings(out, "verbs", rule.verbs, a);
  if (!rule.api_groups.empty()) SetStrings(out, "apiGroups", rule.api_groups, a);
  if (!rule.resources.empty()) SetStrings(out, "resources", rule.resources, a);
  if (!rule.resource_names.empty()) SetStrings(out, "resourceNames", rule.resource_names, a);
  if (!rule.non_resource_urls.empty()) {
    SetStrings(out, "nonResourceURLs", rule.non_resource_urls, a);
  }
  return out;
}

bool VerbMatches(const PolicyRule& rule, std::string_view verb) {
  return Contains(rule.verbs, "*") || Contains(rule.verbs, verb);
}

bool ApiGroupMatches(const PolicyRule& rule, std::string_view group) {
  return Contains(rule.api_groups, "*") || Contains(rule.api_groups, group);
}

bool ResourceMatches(const PolicyRule& rule, std::string_view combined,
                     std::string_view subresource) {
  for (const std::string& r : rule.resources) {
    if (r == "*" || r == combined) return true;
    if (subresource.empty()) continue;
    // "*/scale" matches the scale subresource of every resource.
    if (r.size() == subresource.size() + 2 && r.compare(0, 2, "*/") == 0 &&
        std::string_view(r).substr(2) == subresource) {
      return true;
    }
  }
  return false;
}

bool ResourceNameMatches(const PolicyRule& rule, std::string_view name) {
  return rule.resource_names.empty() || Contains(rule.resource_names, name);
}

bool NonResourceUrlMatches(const PolicyRule& rule, std::string_view path) {
  for (const std::string& url : rule.non_resource_urls) {
    if (url == "*" || url == path) return true;
    if (!url.empty() && url.back() == '*') {
      std::string_view prefix = std::string_view(url).substr(0, url.find_last_not_of('*') + 1);
      if (path.substr(0, prefix.size()) == prefix) return true;
    }
  }
  return false;
}

bool RuleAllows(const Attributes& a, const PolicyRule& rule) {
  if (!a.resource_request) {
    return VerbMatches(rule, a.verb) && NonResourceUrlMatches(rule, a.path);
  }
  std::string combined = a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
  return VerbMatches(rule, a.verb) && ApiGroupMatches(rule, a.api_group) &&
         ResourceMatches(rule, combined, a.subresource) && ResourceNameMatches(rule, a.name);
}

}  // namespace ekslite::apiserver
