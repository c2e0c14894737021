#include "scheduler/node_selector.h"

#include <algorithm>
#include <charconv>

namespace ekslite::scheduler {
namespace {

std::vector<NodeSelectorRequirement> RequirementsFromJson(const JsonValue* list) {
  std::vector<NodeSelectorRequirement> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& r : list->GetArray()) {
    NodeSelectorRequirement req;
    req.key = std::string(StringAt(r, "key"));
    req.op = std::string(StringAt(r, "operator"));
    if (const JsonValue* values = Member(r, "values"); values != nullptr && values->IsArray()) {
      for (const JsonValue& v : values->GetArray()) req.values.emplace_back(View(v));
    }
    out.push_back(std::move(req));
  }
  return out;
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

Labels LabelsFromJson(const JsonValue* labels) {
  Labels out;
  if (labels == nullptr || !labels->IsObject()) return out;
  for (auto it = labels->MemberBegin(); it != labels->MemberEnd(); ++it) {
    if (it->value.IsString()) out.emplace(View(it->name), View(it->value));
  }
  return out;
}

bool NodeSelectorRequirement::Matches(const Labels& labels) const {
  auto it = labels.find(key);
  const bool has = it != labels.end();
  auto in_values = [&] {
    return has && std::find(values.begin(), values.end(), it->second) != values.end();
  };
  if (op == "In") return in_values();
  if (op == "NotIn") return !in_values();
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  if (op == "Gt" || op == "Lt") {
    int64_t label = 0, bound = 0;
    if (!has || values.size() != 1 || !ParseInt(it->second, &label) ||
        !ParseInt(values[0], &bound)) {
      return false;
    }
    return op == "Gt" ? label > bound : label < bound;
  }
  return false;
}

bool NodeSelectorTerm::Matches(const Labels& labels, const std::string& node_name) const {
  if (match_expressions.empty() && match_fields.empty()) return false;
  for (const NodeSelectorRequirement& r : match_expressions) {
    if (!r.Matches(labels)) return false;
  }
  if (!match_fields.empty()) {
    Labels fields{{"metadata.name", node_name}};
    for (const NodeSelectorRequirement& r : match_fields) {
      if (r.key != "metadata.name" || !r.Matches(fields)) return false;
    }
  }
  return true;
}

NodeSelectorTerm NodeSelectorTermFromJson(const JsonValue& term) {
  NodeSelectorTerm t;
  t.match_expressions = RequirementsFromJson(Member(term, "matchExpressions"));
  t.match_fields = RequirementsFromJson(Member(term, "matchFields"));
  return t;
}

std::vector<NodeSelectorTerm> NodeSelectorTermsFromJson(const JsonValue* selector) {
  std::vector<NodeSelectorTerm> out;
  const JsonValue* terms = selector == nullptr ? nullptr : Member(*selector, "nodeSelectorTerms");
  if (terms == nullptr || !terms->IsArray()) return out;
  for (const JsonValue& t : terms->GetArray()) out.push_back(NodeSelectorTermFromJson(t));
  return out;
}

std::vector<PreferredTerm> PreferredTermsFromJson(const JsonValue* preferred) {
  std::vector<PreferredTerm> out;
  if (preferred == nullptr || !preferred->IsArray()) return out;
  for (const JsonValue& p : preferred->GetArray()) {
    const JsonValue* pref = Member(p, "preference");
    out.push_back(
        PreferredTerm{IntAt(p, "weight").value_or(0),
                      pref == nullptr ? NodeSelectorTerm{} : NodeSelectorTermFromJson(*pref)});
  }
  return out;
}

bool AnyTermMatches(const std::vector<NodeSelectorTerm>& terms, const Labels& labels,
                    const std::string& node_name) {
  for (const NodeSelectorTerm& t : terms) {
    if (t.Matches(labels, node_name)) return true;
  }
  return false;
}

}  // namespace ekslite::scheduler
