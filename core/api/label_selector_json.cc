// metav1.LabelSelector objects: conversion to LabelSelector and validation.
#include <algorithm>
#include <utility>

#include "core/api/go_format.h"
#include "core/api/label_selector.h"
#include "core/api/label_selector_internal.h"
#include "core/api/validation.h"

namespace ekslite::api {
namespace {

std::optional<LabelOperator> ExpressionOperator(std::string_view op) {
  if (op == "In") return LabelOperator::kIn;
  if (op == "NotIn") return LabelOperator::kNotIn;
  if (op == "Exists") return LabelOperator::kExists;
  if (op == "DoesNotExist") return LabelOperator::kDoesNotExist;
  return std::nullopt;
}

// matchLabels in key order (upstream iterates a Go map: any order is faithful;
// sorted keeps the first reported error deterministic).
Status AddMatchLabels(const JsonValue& match_labels, std::vector<LabelRequirement>* out) {
  if (match_labels.IsNull()) return Status::Ok();
  if (!match_labels.IsObject()) return Status::BadRequest("matchLabels must be an object");
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (const auto& m : match_labels.GetObject()) {
    if (!m.value.IsString()) return Status::BadRequest("matchLabels values must be strings");
    pairs.emplace_back(View(m.name), View(m.value));
  }
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [key, value] : pairs) {
    EKS_ASSIGN_OR_RETURN(LabelRequirement r,
                         internal::NewRequirement(key, LabelOperator::kEquals, {std::string(value)},
                                                  FieldPath(), false));
    out->push_back(std::move(r));
  }
  return Status::Ok();
}

Status AddExpression(const JsonValue& expr, std::vector<LabelRequirement>* out) {
  if (!expr.IsObject()) return Status::BadRequest("matchExpressions items must be objects");
  std::string_view op_text = StringAt(expr, "operator");
  std::optional<LabelOperator> op = ExpressionOperator(op_text);
  if (!op) return Status::BadRequest(GoQuote(op_text) + " is not a valid label selector operator");
  std::vector<std::string> values;
  if (const JsonValue* v = Member(expr, "values"); v != nullptr && !v->IsNull()) {
    if (!v->IsArray()) return Status::BadRequest("matchExpressions values must be an array");
    for (const JsonValue& item : v->GetArray()) {
      if (!item.IsString()) return Status::BadRequest("matchExpressions values must be strings");
      values.emplace_back(View(item));
    }
  }
  EKS_ASSIGN_OR_RETURN(
      LabelRequirement r,
      internal::NewRequirement(StringAt(expr, "key"), *op, std::move(values), FieldPath(), true));
  out->push_back(std::move(r));
  return Status::Ok();
}

void ValidateExpression(const JsonValue& expr, const FieldPath& path, ErrorList* errors) {
  std::string_view op = StringAt(expr, "operator");
  const JsonValue* values = Member(expr, "values");
  size_t count = values != nullptr && values->IsArray() ? values->Size() : 0;
  if (op == "In" || op == "NotIn") {
    if (count == 0) {
      errors->Add(
          Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (count > 0) {
      errors->Add(Forbidden(path.Child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
  } else {
    errors->Add(Invalid(path.Child("operator"), op, "not a valid selector operator"));
  }
  ValidateLabelName(StringAt(expr, "key"), path.Child("key"), errors);
  for (size_t i = 0; i < count; ++i) {
    const JsonValue& value = (*values)[static_cast<rapidjson::SizeType>(i)];
    if (!value.IsString()) continue;
    for (const std::string& msg : IsValidLabelValue(View(value))) {
      errors->Add(Invalid(path.Child("values").Index(static_cast<int64_t>(i)), View(value), msg));
    }
  }
}

}  // namespace

StatusOr<LabelSelector> LabelSelectorFromJson(const JsonValue* selector) {
  if (selector == nullptr || selector->IsNull()) return LabelSelector::Nothing();
  if (!selector->IsObject()) return Status::BadRequest("a label selector must be an object");
  std::vector<LabelRequirement> requirements;
  if (const JsonValue* labels = Member(*selector, "matchLabels")) {
    EKS_RETURN_IF_ERROR(AddMatchLabels(*labels, &requirements));
  }
  if (const JsonValue* exprs = Member(*selector, "matchExpressions"); exprs && !exprs->IsNull()) {
    if (!exprs->IsArray()) return Status::BadRequest("matchExpressions must be an array");
    for (const JsonValue& expr : exprs->GetArray()) {
      EKS_RETURN_IF_ERROR(AddExpression(expr, &requirements));
    }
  }
  return LabelSelector(std::move(requirements));
}

void ValidateLabelSelector(const JsonValue& selector, const FieldPath& path, ErrorList* errors) {
  if (!selector.IsObject()) return;
  if (const JsonValue* labels = Member(selector, "matchLabels")) {
    ValidateLabels(*labels, path.Child("matchLabels"), errors);
  }
  const JsonValue* exprs = Member(selector, "matchExpressions");
  if (exprs == nullptr || !exprs->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < exprs->Size(); ++i) {
    const JsonValue& expr = (*exprs)[i];
    if (!expr.IsObject()) continue;
    ValidateExpression(expr, path.Child("matchExpressions").Index(i), errors);
  }
}

}  // namespace ekslite::api
