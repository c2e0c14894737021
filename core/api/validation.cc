#include "core/api/validation.h"

#include <string>

namespace ekslite::api {
namespace {

constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123LabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1035LabelMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kGenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr size_t kMaxGeneratedPrefix = 63 - 5;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])? when `first_alpha` is false; the first
// character must be [a-z] when it is true (RFC 1035).
bool MatchesDnsLabel(std::string_view s, bool first_alpha) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  if (first_alpha && !(s.front() >= 'a' && s.front() <= 'z')) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool MatchesDnsSubdomain(std::string_view s) {
  while (true) {
    size_t dot = s.find('.');
    if (!MatchesDnsLabel(s.substr(0, dot), false)) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string QualifiedNameRegexError() {
  return RegexError(kQualifiedNameMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"});
}

// Upstream's maskTrailingDash: a generateName may end in '-'. It drops two
// characters and appends 'a' (sic); a lone "-" becomes "a" rather than
// failing.
std::string MaskTrailingDash(std::string_view name) {
  if (name.empty() || name.back() != '-') return std::string(name);
  if (name.size() < 2) return "a";
  return std::string(name.substr(0, name.size() - 2)) + "a";
}

}  // namespace

std::string MaxLenError(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

std::string RegexError(std::string_view msg, std::string_view regex,
                       const std::vector<std::string_view>& examples) {
  std::string out(msg);
  if (examples.empty()) return out + " (regex used for validation is '" + std::string(regex) + "')";
  out.append(" (e.g. ");
  for (size_t i = 0; i < examples.size(); ++i) {
    if (i > 0) out.append(" or ");
    out.append("'").append(examples[i]).append("', ");
  }
  out.append("regex used for validation is '").append(regex).append("')");
  return out;
}

Problems IsDns1123Label(std::string_view value) {
  Problems problems;
  if (value.size() > kDns1123LabelMaxLength)
    problems.push_back(MaxLenError(kDns1123LabelMaxLength));
  if (!MatchesDnsLabel(value, false)) {
    if (MatchesDnsSubdomain(value)) {
      problems.push_back("must not contain dots");
    } else {
      problems.push_back(RegexError(kDns1123LabelMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return problems;
}

Problems IsDns1123Subdomain(std::string_view value) {
  Problems problems;
  if (value.size() > kDns1123SubdomainMaxLength) {
    problems.push_back(MaxLenError(kDns1123SubdomainMaxLength));
  }
  if (!MatchesDnsSubdomain(value)) {
    problems.push_back(RegexError(kDns1123SubdomainMsg, kDns1123SubdomainFmt, {"example.com"}));
  }
  return problems;
}

Problems IsDns1035Label(std::string_view value) {
  Problems problems;
  if (value.size() > kDns1035LabelMaxLength)
    problems.push_back(MaxLenError(kDns1035LabelMaxLength));
  if (!MatchesDnsLabel(value, true)) {
    problems.push_back(RegexError(kDns1035LabelMsg, kDns1035LabelFmt, {"my-name", "abc-123"}));
  }
  return problems;
}

Problems IsQualifiedName(std::string_view value) {
  Problems problems;
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      return {"a qualified name " + QualifiedNameRegexError() +
              " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      problems.push_back("prefix part must be non-empty");
    } else {
      for (const std::string& msg : IsDns1123Subdomain(prefix))
        problems.push_back("prefix part " + msg);
    }
  }
  if (name.empty()) {
    problems.push_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    problems.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedNamePart(name)) problems.push_back("name part " + QualifiedNameRegexError());
  return problems;
}

Problems IsValidLabelValue(std::string_view value) {
  Problems problems;
  if (value.size() > kLabelValueMaxLength) problems.push_back(MaxLenError(kLabelValueMaxLength));
  if (!value.empty() && !MatchesQualifiedNamePart(value)) {
    problems.push_back(
        RegexError(kLabelValueMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return problems;
}

Problems IsValidPathSegmentPrefix(std::string_view value) {
  Problems problems;
  if (value.find('/') != std::string_view::npos) problems.push_back("may not contain '/'");
  if (value.find('%') != std::string_view::npos) problems.push_back("may not contain '%'");
  return problems;
}

Problems IsValidPathSegmentName(std::string_view value) {
  if (value == ".") return {"may not be '.'"};
  if (value == "..") return {"may not be '..'"};
  return IsValidPathSegmentPrefix(value);
}

Problems NameIsDnsSubdomain(std::string_view name, bool prefix) {
  return IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : std::string(name));
}

Problems NameIsDnsLabel(std::string_view name, bool prefix) {
  return IsDns1123Label(prefix ? MaskTrailingDash(name) : std::string(name));
}

Problems NameIsDns1035Label(std::string_view name, bool prefix) {
  return IsDns1035Label(prefix ? MaskTrailingDash(name) : std::string(name));
}

Problems NameIsPathSegment(std::string_view name, bool prefix) {
  return prefix ? IsValidPathSegmentPrefix(name) : IsValidPathSegmentName(name);
}

std::string GenerateName(std::string_view prefix, const RandomIndex& random) {
  std::string out(prefix.substr(0, kMaxGeneratedPrefix));
  for (int i = 0; i < 5; ++i) {
    out.push_back(
        kGenerateNameAlphabet[random(kGenerateNameAlphabet.size()) % kGenerateNameAlphabet.size()]);
  }
  return out;
}

void ValidateLabelName(std::string_view key, const FieldPath& path, ErrorList* errors) {
  for (const std::string& msg : IsQualifiedName(key)) errors->Add(Invalid(path, key, msg));
}

void ValidateLabels(const JsonValue& labels, const FieldPath& path, ErrorList* errors) {
  if (!labels.IsObject()) return;
  for (const auto& m : labels.GetObject()) {
    ValidateLabelName(View(m.name), path, errors);
    if (!m.value.IsString()) continue;
    for (const std::string& msg : IsValidLabelValue(View(m.value))) {
      errors->Add(Invalid(path, View(m.value), msg));
    }
  }
}

void ValidateAnnotations(const JsonValue& annotations, const FieldPath& path, ErrorList* errors) {
  if (!annotations.IsObject()) return;
  size_t total = 0;
  for (const auto& m : annotations.GetObject()) {
    std::string lower(View(m.name));
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    for (const std::string& msg : IsQualifiedName(lower))
      errors->Add(Invalid(path, View(m.name), msg));
    total += m.name.GetStringLength() + (m.value.IsString() ? m.value.GetStringLength() : 0);
  }
  if (total > kTotalAnnotationSizeLimit) errors->Add(TooLong(path, kTotalAnnotationSizeLimit));
}

}  // namespace ekslite::api
