#include "core/api/label_selector.h"

#include <algorithm>
#include <utility>

#include "core/api/go_format.h"
#include "core/api/label_selector_internal.h"
#include "core/api/validation.h"

namespace ekslite::api {
namespace internal {
namespace {

std::string JoinProblems(const Problems& problems) {
  std::string out;
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) out.append("; ");
    out.append(problems[i]);
  }
  return out;
}

// The checks on the number (and for Gt/Lt the form) of values per operator.
void CheckValueCount(LabelOperator op, const std::vector<std::string>& values,
                     const FieldPath& path, bool values_nil, ErrorList* errors) {
  BadValue all = BadValue::StringSlice(values, values_nil);
  switch (op) {
    case LabelOperator::kIn:
    case LabelOperator::kNotIn:
      if (values.empty()) {
        errors->Add(Invalid(path, all, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
    case LabelOperator::kNotEquals:
      if (values.size() != 1) {
        errors->Add(Invalid(path, all, "exact-match compatibility requires one single value"));
      }
      break;
    case LabelOperator::kExists:
    case LabelOperator::kDoesNotExist:
      if (!values.empty()) {
        errors->Add(Invalid(path, all, "values set must be empty for exists and does not exist"));
      }
      break;
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan:
      if (values.size() != 1) {
        errors->Add(Invalid(path, all, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < values.size(); ++i) {
        if (ParseGoInt(values[i])) continue;
        errors->Add(Invalid(path.Index(static_cast<int64_t>(i)), values[i],
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
      break;
  }
}

}  // namespace

ErrorList ValidateLabelKey(std::string_view key, const FieldPath& path) {
  ErrorList errors;
  Problems problems = IsQualifiedName(key);
  if (!problems.empty()) errors.Add(Invalid(path, key, JoinProblems(problems)));
  return errors;
}

StatusOr<LabelRequirement> NewRequirement(std::string_view key, LabelOperator op,
                                          std::vector<std::string> values, const FieldPath& path,
                                          bool values_nil) {
  ErrorList errors = ValidateLabelKey(key, path.Child("key"));
  FieldPath values_path = path.Child("values");
  CheckValueCount(op, values, values_path, values_nil, &errors);
  for (size_t i = 0; i < values.size(); ++i) {
    Problems problems = IsValidLabelValue(values[i]);
    if (problems.empty()) continue;
    errors.Add(Invalid(values_path.Index(static_cast<int64_t>(i)).Key(key), values[i],
                       JoinProblems(problems)));
  }
  if (!errors.empty()) return Status::BadRequest(errors.ToAggregateString());
  return LabelRequirement{std::string(key), op, std::move(values)};
}

}  // namespace internal

namespace {

bool HasValue(const LabelRequirement& r, const std::string& value) {
  return std::find(r.values.begin(), r.values.end(), value) != r.values.end();
}

std::string_view OperatorText(LabelOperator op) {
  switch (op) {
    case LabelOperator::kEquals:
      return "=";
    case LabelOperator::kDoubleEquals:
      return "==";
    case LabelOperator::kNotEquals:
      return "!=";
    case LabelOperator::kIn:
      return " in ";
    case LabelOperator::kNotIn:
      return " notin ";
    case LabelOperator::kGreaterThan:
      return ">";
    case LabelOperator::kLessThan:
      return "<";
    case LabelOperator::kExists:
    case LabelOperator::kDoesNotExist:
      return "";
  }
  return "";
}

template <typename Lookup>
bool MatchesAll(const std::vector<LabelRequirement>& requirements, const Lookup& lookup) {
  for (const LabelRequirement& r : requirements) {
    if (!r.Matches(lookup(r.key))) return false;
  }
  return true;
}

}  // namespace

bool LabelRequirement::Matches(const std::string* value) const {
  switch (op) {
    case LabelOperator::kIn:
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
      return value != nullptr && HasValue(*this, *value);
    case LabelOperator::kNotIn:
    case LabelOperator::kNotEquals:
      return value == nullptr || !HasValue(*this, *value);
    case LabelOperator::kExists:
      return value != nullptr;
    case LabelOperator::kDoesNotExist:
      return value == nullptr;
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan: {
      if (value == nullptr || values.size() != 1) return false;
      std::optional<int64_t> have = ParseGoInt(*value);
      std::optional<int64_t> want = ParseGoInt(values[0]);
      if (!have || !want) return false;
      return op == LabelOperator::kGreaterThan ? *have > *want : *have < *want;
    }
  }
  return false;
}

std::string LabelRequirement::String() const {
  std::string out;
  if (op == LabelOperator::kDoesNotExist) out.push_back('!');
  out.append(key);
  if (op == LabelOperator::kExists || op == LabelOperator::kDoesNotExist) return out;
  out.append(OperatorText(op));
  bool set = op == LabelOperator::kIn || op == LabelOperator::kNotIn;
  if (set) out.push_back('(');
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(sorted[i]);
  }
  if (set) out.push_back(')');
  return out;
}

LabelSelector LabelSelector::Nothing() {
  LabelSelector s;
  s.nothing_ = true;
  return s;
}

LabelSelector::LabelSelector(std::vector<LabelRequirement> requirements)
    : requirements_(std::move(requirements)) {
  std::stable_sort(
      requirements_.begin(), requirements_.end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
}

bool LabelSelector::Matches(const JsonValue& labels) const {
  if (nothing_) return false;
  std::string scratch;
  return MatchesAll(requirements_, [&](const std::string& key) -> const std::string* {
    const JsonValue* v = Member(labels, key);
    if (v == nullptr || !v->IsString()) return nullptr;
    scratch.assign(v->GetString(), v->GetStringLength());
    return &scratch;
  });
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  if (nothing_) return false;
  return MatchesAll(requirements_, [&](const std::string& key) -> const std::string* {
    auto it = labels.find(key);
    return it == labels.end() ? nullptr : &it->second;
  });
}

bool LabelSelector::MatchesObject(const JsonValue& object) const {
  const JsonValue* labels = Path(object, "metadata.labels");
  static const JsonValue kNoLabels(rapidjson::kObjectType);
  return Matches(labels != nullptr ? *labels : kNoLabels);
}

std::string LabelSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(requirements_[i].String());
  }
  return out;
}

std::optional<std::string> LabelSelector::RequiresExactMatch(std::string_view label) const {
  for (const LabelRequirement& r : requirements_) {
    if (r.key != label) continue;
    bool exact = r.op == LabelOperator::kEquals || r.op == LabelOperator::kDoubleEquals ||
                 r.op == LabelOperator::kIn;
    if (exact && r.values.size() == 1) return r.values[0];
    return std::nullopt;
  }
  return std::nullopt;
}

LabelSelector SelectorFromSet(const std::map<std::string, std::string>& labels) {
  std::vector<LabelRequirement> requirements;
  for (const auto& [key, value] : labels) {
    requirements.push_back({key, LabelOperator::kEquals, {value}});
  }
  return LabelSelector(std::move(requirements));
}

}  // namespace ekslite::api
