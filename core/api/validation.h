// Name and metadata validators with the Kubernetes 1.32 rules and messages.
//
// The Is* checks return upstream's list of problem descriptions (empty when
// the value is valid), e.g. IsDns1123Label("a.b") is {"must not contain
// dots"}. Callers wrap each description in a FieldError (see field_errors.h,
// re-exported here) with the field path and value:
//   for (auto& msg : IsDns1123Label(ns)) errs.Add(Invalid(path, ns, msg));
// The checks are hand-written matchers of upstream's regular expressions
// (no backtracking regex on untrusted input). All functions are pure and
// thread-safe.
#ifndef EKSLITE_CORE_API_VALIDATION_H_
#define EKSLITE_CORE_API_VALIDATION_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::api {

using Problems = std::vector<std::string>;

inline constexpr size_t kDns1123LabelMaxLength = 63;
inline constexpr size_t kDns1123SubdomainMaxLength = 253;
inline constexpr size_t kDns1035LabelMaxLength = 63;
inline constexpr size_t kLabelValueMaxLength = 63;
inline constexpr size_t kQualifiedNameMaxLength = 63;
inline constexpr size_t kTotalAnnotationSizeLimit = 256 * 1024;

// "must be no more than N characters".
std::string MaxLenError(size_t length);
// `<msg> (e.g. 'a',  or 'b', regex used for validation is '<regex>')`, with
// upstream's doubled space between examples.
std::string RegexError(std::string_view msg, std::string_view regex,
                       const std::vector<std::string_view>& examples);

// RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters. A value
// that would be a valid subdomain gets "must not contain dots" instead of the
// regex message.
Problems IsDns1123Label(std::string_view value);
// RFC 1123 subdomain: labels joined by '.', at most 253 characters in total.
Problems IsDns1123Subdomain(std::string_view value);
// RFC 1035 label: [a-z]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
Problems IsDns1035Label(std::string_view value);
// A qualified name: [prefix/]name, the prefix a DNS subdomain, the name at most
// 63 characters of [A-Za-z0-9_.-] starting and ending alphanumeric. Label and
// annotation keys, finalizers. Messages start "prefix part " / "name part ".
Problems IsQualifiedName(std::string_view value);
// A label value: empty, or at most 63 characters like a qualified name part.
Problems IsValidLabelValue(std::string_view value);
// A path segment name (may not be "." or "..", may not contain '/' or '%').
Problems IsValidPathSegmentName(std::string_view value);
// A path segment prefix (may not contain '/' or '%').
Problems IsValidPathSegmentPrefix(std::string_view value);

// Validates an object name. `prefix` is true when validating a generateName,
// which gets random characters appended (a trailing '-' is then allowed).
using NameValidator = std::function<Problems(std::string_view name, bool prefix)>;

// The stock name validators (upstream's NameIsDNSSubdomain, NameIsDNSLabel,
// NameIsDNS1035Label, ValidatePathSegmentName). Namespaces use the DNS label
// rule; Services the DNS-1035 rule; most kinds the subdomain rule.
Problems NameIsDnsSubdomain(std::string_view name, bool prefix);
Problems NameIsDnsLabel(std::string_view name, bool prefix);
Problems NameIsDns1035Label(std::string_view name, bool prefix);
Problems NameIsPathSegment(std::string_view name, bool prefix);

// Returns a uniformly random integer in [0, n). Injected so tests are
// deterministic (STYLE.md 7).
using RandomIndex = std::function<size_t(size_t n)>;

// The name for metadata.generateName `prefix`: the prefix cut to 58 bytes
// followed by 5 characters from "bcdfghjklmnpqrstvwxz2456789".
std::string GenerateName(std::string_view prefix, const RandomIndex& random);

// Appends an error per problem with the label key `key` (ValidateLabelName).
void ValidateLabelName(std::string_view key, const FieldPath& path, ErrorList* errors);
// Validates metadata.labels (an object of strings; other member types are
// skipped, schema validation reports them). Errors name `path` itself, not the
// key, as upstream does.
void ValidateLabels(const JsonValue& labels, const FieldPath& path, ErrorList* errors);
// Validates metadata.annotations: keys are qualified names compared
// case-insensitively; keys plus values may total at most 256 KiB (TooLong).
void ValidateAnnotations(const JsonValue& annotations, const FieldPath& path, ErrorList* errors);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_VALIDATION_H_
