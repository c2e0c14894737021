// Field selectors: the `fieldSelector` query syntax and its evaluation.
//
// Grammar (upstream's fields.ParseSelector): terms separated by unescaped
// commas; each term is `field=value`, `field==value` or `field!=value`, split
// at the first operator. Values escape '\', ',' and '=' with a backslash
// ("a=x\,y" means the value "x,y"); any other escape, a trailing backslash or
// an unescaped '=' in a value is an error. No whitespace is trimmed. Empty
// terms are skipped, and terms are kept sorted by their text.
//
// A missing field reads as "": `spec.nodeName=` matches objects without a
// node, `spec.nodeName!=` those with one.
//
// Which fields a resource supports is the caller's business (each kind
// extracts its own); CheckFieldLabels answers upstream's error for the rest.
// Selectors are immutable values, safe to share across threads.
#ifndef EKSLITE_CORE_API_FIELD_SELECTOR_H_
#define EKSLITE_CORE_API_FIELD_SELECTOR_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::api {

struct FieldRequirement {
  std::string field;
  bool equals = true;  // false for "!="
  std::string value;   // unescaped
};

class FieldSelector {
 public:
  // Matches everything.
  FieldSelector() = default;
  explicit FieldSelector(std::vector<FieldRequirement> requirements)
      : requirements_(std::move(requirements)) {}

  bool Empty() const { return requirements_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }

  // `get` returns a field's value, or nullopt when the object lacks it (read
  // as ""). It is called once per requirement.
  bool Matches(const std::function<std::optional<std::string>(std::string_view field)>& get) const;
  bool Matches(const std::map<std::string, std::string, std::less<>>& fields) const;

  // "f=v,g!=w" with values escaped; "" when empty.
  std::string String() const;

  // The value `field` must equal, from the first "="/"==" requirement on it.
  std::optional<std::string> RequiresExactMatch(std::string_view field) const;

 private:
  std::vector<FieldRequirement> requirements_;
};

// Parses the query syntax. Errors are kBadRequest with upstream's text:
//   "invalid selector: 'a'; can't understand 'a'"
//   "invalid field selector: invalid escape sequence: \x"
//   "invalid field selector: unescaped character in value: 61"  (the rune's
//   decimal code, as Go prints it)
StatusOr<FieldSelector> ParseFieldSelector(std::string_view text);

// Escapes '\', ',' and '=' in a value (upstream's fields.EscapeValue).
std::string EscapeFieldValue(std::string_view value);

// kBadRequest "field label not supported: <field>" for the first requirement
// whose field is not in `supported` (the built-in kinds that register field
// selectors, and custom resources: metadata.name, metadata.namespace for
// namespaced ones, plus their selectableFields).
Status CheckFieldLabels(const FieldSelector& selector, const std::vector<std::string>& supported);

// kBadRequest `"<field>" is not a known field selector: only "metadata.name",
// "metadata.namespace"` for any other field: the answer of kinds that register
// no field label conversions of their own (e.g. apps/v1 Deployments).
Status CheckMetadataFieldLabels(const FieldSelector& selector);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_FIELD_SELECTOR_H_
