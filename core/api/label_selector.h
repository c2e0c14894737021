// Label selectors: the `labelSelector` query syntax, metav1.LabelSelector
// objects, matching, and the canonical string form.
//
// Grammar (upstream's labels.Parse):
//   selector    := requirement ("," requirement)*     (may be empty)
//   requirement := ["!"] KEY [ ("="|"=="|"!=") VALUE
//                            | ("in"|"notin") "(" VALUE ("," VALUE)* ")"
//                            | (">"|"<") INTEGER ]
// A bare KEY means "exists", "!KEY" "does not exist". Whitespace (space, tab,
// CR, LF) separates tokens; the operators and , ( ) end identifiers, so
// "a=b,c" and "a = b , c" are the same. Values may be empty ("a=", "a in
// (,x)"). Keys must be qualified names and values label values. Requirements
// are sorted by key, and set values sorted and de-duplicated, as upstream does.
//
// Parse errors are kBadRequest with upstream's message text, e.g.
//   "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt" (for "x y")
// which the apiserver returns as is for a bad `labelSelector` parameter.
// Selectors are immutable values, safe to share across threads.
#ifndef EKSLITE_CORE_API_LABEL_SELECTOR_H_
#define EKSLITE_CORE_API_LABEL_SELECTOR_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::api {

enum class LabelOperator {
  kIn,
  kNotIn,
  kEquals,        // "="
  kDoubleEquals,  // "=="
  kNotEquals,     // "!="
  kExists,
  kDoesNotExist,
  kGreaterThan,  // ">" (integer comparison)
  kLessThan,     // "<"
};

// One requirement: `key <op> values`.
struct LabelRequirement {
  std::string key;
  LabelOperator op = LabelOperator::kExists;
  std::vector<std::string> values;

  // Upstream's Requirement.Matches. `value` is the label's value, nullptr when
  // the object has no such label. In/=/== need the label with one of the
  // values; NotIn/!= match when it is absent or different; Gt/Lt need the label
  // and both sides to parse as int64.
  bool Matches(const std::string* value) const;
  // "key=v", "key in (a,b)", "!key", ... with set values sorted.
  std::string String() const;
};

class LabelSelector {
 public:
  // Matches everything (an empty query, or a metav1.LabelSelector `{}`).
  LabelSelector() = default;
  // Matches nothing (a null metav1.LabelSelector).
  static LabelSelector Nothing();
  // Requirements are sorted by key (stably).
  explicit LabelSelector(std::vector<LabelRequirement> requirements);

  // True when the selector places no restriction (matches every object).
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  bool IsNothing() const { return nothing_; }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

  // `labels` is a JSON object of strings (e.g. metadata.labels); a non-object
  // counts as no labels and non-string members as absent.
  bool Matches(const JsonValue& labels) const;
  bool Matches(const std::map<std::string, std::string>& labels) const;
  // Matches against `object`'s metadata.labels.
  bool MatchesObject(const JsonValue& object) const;

  // The canonical form (upstream's Selector.String()): requirements joined by
  // ",", sorted by key. "" for Everything and Nothing. Used as the Scale
  // subresource's status.selector.
  std::string String() const;

  // The value `label` must equal for the selector to match (from =, == or a
  // single-valued in), if the first requirement on `label` demands one.
  std::optional<std::string> RequiresExactMatch(std::string_view label) const;

 private:
  std::vector<LabelRequirement> requirements_;
  bool nothing_ = false;
};

// Parses the query syntax. kBadRequest with upstream's message on error.
StatusOr<LabelSelector> ParseLabelSelector(std::string_view text);

// A selector that requires every key of `labels` to equal its value
// (upstream's SelectorFromSet; no validation).
LabelSelector SelectorFromSet(const std::map<std::string, std::string>& labels);

// Converts a metav1.LabelSelector (upstream's LabelSelectorAsSelector):
// nullptr or JSON null gives Nothing(); no matchLabels and no
// matchExpressions gives Everything. matchLabels become "=" requirements,
// matchExpressions In/NotIn/Exists/DoesNotExist. Errors are kBadRequest with
// upstream's text, e.g. `"Foo" is not a valid label selector operator` or
// `values: Invalid value: []string(nil): for 'in', 'notin' operators, values
// set can't be empty`; callers add their own context.
StatusOr<LabelSelector> LabelSelectorFromJson(const JsonValue* selector);

// Validates a metav1.LabelSelector inside an object being created or updated
// (upstream's ValidateLabelSelector for `spec.selector`): matchLabels keys and
// values, each expression's operator, values and key. `path` is the
// selector's path, e.g. FieldPath("spec").Child("selector").
void ValidateLabelSelector(const JsonValue& selector, const FieldPath& path, ErrorList* errors);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_LABEL_SELECTOR_H_
