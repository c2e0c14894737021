#include "core/api/field_selector.h"

#include <algorithm>
#include <utility>

#include "core/api/go_format.h"

namespace ekslite::api {
namespace {

// Splits at commas not preceded by an escaping backslash; escapes stay in the
// terms. An empty selector has no terms.
std::vector<std::string_view> SplitTerms(std::string_view selector) {
  std::vector<std::string_view> terms;
  if (selector.empty()) return terms;
  size_t start = 0;
  bool escaped = false;
  for (size_t i = 0; i < selector.size(); ++i) {
    if (escaped) {
      escaped = false;
    } else if (selector[i] == '\\') {
      escaped = true;
    } else if (selector[i] == ',') {
      terms.push_back(selector.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(selector.substr(start));
  return terms;
}

// Splits a term at the first "!=", "==" or "=" (checked in that order at each
// position). The field part allows no escaping.
bool SplitTerm(std::string_view term, FieldRequirement* out, std::string_view* raw_value) {
  static constexpr std::pair<std::string_view, bool> kOperators[] = {
      {"!=", false}, {"==", true}, {"=", true}};
  for (size_t i = 0; i < term.size(); ++i) {
    for (const auto& [op, equals] : kOperators) {
      if (!term.substr(i).starts_with(op)) continue;
      out->field = std::string(term.substr(0, i));
      out->equals = equals;
      *raw_value = term.substr(i + op.size());
      return true;
    }
  }
  return false;
}

// Upstream's UnescapeValue; iterates runes like Go (invalid UTF-8 becomes
// U+FFFD once any unescaping happens).
StatusOr<std::string> UnescapeValue(std::string_view s) {
  if (s.find_first_of("\\,=") == std::string_view::npos) return std::string(s);
  std::string out;
  bool escaped = false;
  while (!s.empty()) {
    size_t width;
    char32_t r = DecodeRune(s, &width);
    s.remove_prefix(width);
    if (escaped) {
      escaped = false;
      if (r != '\\' && r != ',' && r != '=') {
        std::string seq = "\\";
        AppendRune(r, &seq);
        return Status::BadRequest("invalid field selector: invalid escape sequence: " + seq);
      }
      AppendRune(r, &out);
    } else if (r == '\\') {
      escaped = true;
    } else if (r == ',' || r == '=') {
      return Status::BadRequest("invalid field selector: unescaped character in value: " +
                                std::to_string(static_cast<uint32_t>(r)));
    } else {
      AppendRune(r, &out);
    }
  }
  if (escaped) return Status::BadRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

}  // namespace

std::string EscapeFieldValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

StatusOr<FieldSelector> ParseFieldSelector(std::string_view text) {
  std::vector<std::string_view> terms = SplitTerms(text);
  std::sort(terms.begin(), terms.end());
  std::vector<FieldRequirement> requirements;
  for (std::string_view term : terms) {
    if (term.empty()) continue;
    FieldRequirement r;
    std::string_view raw_value;
    if (!SplitTerm(term, &r, &raw_value)) {
      return Status::BadRequest("invalid selector: '" + std::string(text) +
                                "'; can't understand '" + std::string(term) + "'");
    }
    EKS_ASSIGN_OR_RETURN(r.value, UnescapeValue(raw_value));
    requirements.push_back(std::move(r));
  }
  return FieldSelector(std::move(requirements));
}

bool FieldSelector::Matches(
    const std::function<std::optional<std::string>(std::string_view field)>& get) const {
  for (const FieldRequirement& r : requirements_) {
    std::string have = get(r.field).value_or("");
    if ((have == r.value) != r.equals) return false;
  }
  return true;
}

bool FieldSelector::Matches(const std::map<std::string, std::string, std::less<>>& fields) const {
  for (const FieldRequirement& r : requirements_) {
    auto it = fields.find(r.field);
    std::string_view have = it == fields.end() ? std::string_view() : std::string_view(it->second);
    if ((have == r.value) != r.equals) return false;
  }
  return true;
}

std::string FieldSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out.push_back(',');
    const FieldRequirement& r = requirements_[i];
    out.append(r.field).append(r.equals ? "=" : "!=").append(EscapeFieldValue(r.value));
  }
  return out;
}

std::optional<std::string> FieldSelector::RequiresExactMatch(std::string_view field) const {
  for (const FieldRequirement& r : requirements_) {
    if (r.equals && r.field == field) return r.value;
  }
  return std::nullopt;
}

Status CheckFieldLabels(const FieldSelector& selector, const std::vector<std::string>& supported) {
  for (const FieldRequirement& r : selector.requirements()) {
    if (std::find(supported.begin(), supported.end(), r.field) == supported.end()) {
      return Status::BadRequest("field label not supported: " + r.field);
    }
  }
  return Status::Ok();
}

Status CheckMetadataFieldLabels(const FieldSelector& selector) {
  for (const FieldRequirement& r : selector.requirements()) {
    if (r.field != "metadata.name" && r.field != "metadata.namespace") {
      return Status::BadRequest(GoQuote(r.field) +
                                R"( is not a known field selector: only "metadata.name", )"
                                R"("metadata.namespace")");
    }
  }
  return Status::Ok();
}

}  // namespace ekslite::api
