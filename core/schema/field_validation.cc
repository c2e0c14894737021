#include "core/schema/field_validation.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "core/api/field_errors.h"
#include "core/api/go_format.h"
#include "core/schema/object_check_duplicates.h"

namespace ekslite::schema {
namespace {

// The two beginnings upstream recognises as a YAML decoder's strict error.
constexpr std::string_view kYamlShortPrefix = "yaml: unmarshal errors:\n";
constexpr std::string_view kYamlLongPrefix =
    "error converting YAML to JSON: yaml: unmarshal errors:\n";

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

// Appends one warning per line of a YAML strict error, or `error` itself.
void AppendWarnings(std::string_view error, std::vector<std::string>* out) {
  std::string_view rest;
  if (error.starts_with(kYamlShortPrefix)) {
    rest = error.substr(kYamlShortPrefix.size());
  } else if (error.starts_with(kYamlLongPrefix)) {
    rest = error.substr(kYamlLongPrefix.size());
  } else {
    out->emplace_back(error);
    return;
  }
  while (true) {
    size_t nl = rest.find('\n');
    out->emplace_back(TrimSpace(rest.substr(0, nl)));
    if (nl == std::string_view::npos) return;
    rest.remove_prefix(nl + 1);
  }
}

}  // namespace

void ValidateFieldValidation(std::string_view value, api::ErrorList* errors) {
  if (value.empty() || value == "Warn" || value == "Strict" || value == "Ignore") return;
  errors->Add(api::NotSupported(api::FieldPath("fieldValidation"), api::BadValue::String(value),
                                {"", "Ignore", "Strict", "Warn"}));
}

FieldValidation FieldValidationOrDefault(std::string_view value) {
  if (value == "Strict") return FieldValidation::kStrict;
  if (value == "Ignore") return FieldValidation::kIgnore;
  return FieldValidation::kWarn;
}

StatusOr<FieldValidation> ParseFieldValidation(std::string_view value,
                                               std::string_view options_kind) {
  api::ErrorList errors;
  ValidateFieldValidation(value, &errors);
  if (!errors.empty()) return api::ToInvalidStatus(options_kind, "meta.k8s.io", "", errors);
  return FieldValidationOrDefault(value);
}

std::string StrictDecodingMessage(const std::vector<std::string>& strict_errors) {
  std::string out = "strict decoding error: ";
  for (size_t i = 0; i < strict_errors.size(); ++i) {
    if (i > 0) out.append(", ");
    out.append(strict_errors[i]);
  }
  return out;
}

std::vector<std::string> StrictWarnings(const std::vector<std::string>& strict_errors) {
  std::vector<std::string> out;
  for (const std::string& e : strict_errors) AppendWarnings(e, &out);
  return out;
}

CheckResult BodyResult(const DecodeProblems& problems, FieldValidation mode,
                       const BodyContext& context) {
  std::string cause;
  if (!problems.error.empty()) {
    cause = problems.error;
  } else if (problems.strict_errors.empty() || mode == FieldValidation::kIgnore) {
    return {};
  } else if (mode == FieldValidation::kWarn) {
    return {Status::Ok(), StrictWarnings(problems.strict_errors)};
  } else {
    cause = StrictDecodingMessage(problems.strict_errors);
  }
  if (!context.kind.empty()) {
    return {Status::BadRequest(std::string(context.kind) + " in version " +
                               api::GoQuote(context.version) + " cannot be handled as a " +
                               std::string(context.target_kind) + ": " + cause),
            {}};
  }
  // upstream's summarizeData: JSON bodies verbatim, anything else in hex.
  std::string_view head = context.raw_body.substr(0, 30);
  std::string summary;
  if (context.raw_body.empty()) {
    summary = "<empty>";
  } else if (context.raw_body[0] == '{') {
    summary = std::string(head);
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : head) summary += {kHex[c >> 4], kHex[c & 15]};
  }
  if (context.raw_body.size() > 30) summary += " ...";
  return {
      Status::BadRequest("the object provided is unrecognized (must be of type " +
                         std::string(context.target_kind) + "): " + cause + " (" + summary + ")"),
      {}};
}

CheckResult PatchResult(const DecodeProblems& problems, FieldValidation mode,
                        std::string_view invalid_value) {
  std::string cause;
  if (!problems.error.empty()) {
    cause = problems.error;
  } else if (problems.strict_errors.empty() || mode == FieldValidation::kIgnore) {
    return {};
  } else if (mode == FieldValidation::kWarn) {
    return {Status::Ok(), StrictWarnings(problems.strict_errors)};
  } else {
    cause = StrictDecodingMessage(problems.strict_errors);
  }
  api::ErrorList errors;
  errors.Add(api::Invalid(api::FieldPath("patch"), api::BadValue::String(invalid_value), cause));
  return {api::ToInvalidStatus("", "", "", errors), {}};
}

std::vector<std::string> UntypedDuplicateErrors(std::string_view json_text) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const DuplicateKey& d : FindDuplicateKeys(json_text)) {
    if (out.size() >= 100) break;
    std::string e = "duplicate field " + api::GoQuote(d.field_path);
    if (seen.insert(e).second) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ekslite::schema
