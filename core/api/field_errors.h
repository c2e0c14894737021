// Field-level validation errors: the model of upstream's field.Path,
// field.Error and field.ErrorList, and their translation into a 422 Invalid
// Status.
//
// Validation code appends FieldErrors to an ErrorList; the registry turns the
// list into one Status with ToInvalidStatus. Each error renders in two ways,
// both exactly as the Kubernetes 1.32 apiserver prints them:
//   - as a cause in metav1.Status details.causes: reason "FieldValueRequired",
//     message "Required value: name or generateName is required", field
//     "metadata.name";
//   - in the aggregate message: `ConfigMap "" is invalid: metadata.name:
//     Required value: name or generateName is required`, with several errors
//     joined as `[first, second]`.
// Values are plain data; no threading concerns.
#ifndef EKSLITE_CORE_API_FIELD_ERRORS_H_
#define EKSLITE_CORE_API_FIELD_ERRORS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::api {

// A path to a field, rendered like upstream: `spec.containers[0].name`,
// `metadata.labels[app]`. A default-constructed path is Go's nil *Path, which
// renders as "<nil>" on its own and vanishes as a parent
// (FieldPath().Child("key") is "key").
class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string_view root) { *this = FieldPath().Child(root); }

  FieldPath Child(std::string_view name) const;
  FieldPath Index(int64_t index) const;
  FieldPath Key(std::string_view key) const;

  std::string String() const { return has_elements_ ? text_ : "<nil>"; }

 private:
  std::string text_;
  bool has_elements_ = false;
};

// Upstream's field.ErrorType. The cause reason is the CamelCase name
// (kRequired is "FieldValueRequired").
enum class ErrorType {
  kNotFound,
  kRequired,
  kDuplicate,
  kInvalid,
  kNotSupported,
  kForbidden,
  kTooLong,
  kTooMany,
  kInternal,
  kTypeInvalid,
};

// "FieldValueRequired", "FieldValueInvalid", ... (metav1.CauseType).
std::string_view CauseReason(ErrorType type);
// "Required value", "Invalid value", ... (the start of each message).
std::string_view Describe(ErrorType type);

// A value as Go's fmt renders it inside a message. Construct with the helpers
// below; the rendered text is stored.
struct BadValue {
  static BadValue Omitted() { return {"", true}; }
  static BadValue String(std::string_view s);  // "quoted" like %q
  static BadValue Int(int64_t v) { return {std::to_string(v), false}; }
  static BadValue Bool(bool v) { return {v ? "true" : "false", false}; }
  static BadValue Null() { return {"null", false}; }  // a nil value
  static BadValue StringSlice(const std::vector<std::string>& v, bool nil_if_empty = true);
  static BadValue Raw(std::string rendered) { return {std::move(rendered), false}; }

  std::string rendered;
  bool omitted = false;
};

// One field error (upstream's field.Error).
struct FieldError {
  ErrorType type = ErrorType::kInvalid;
  std::string field;  // the rendered FieldPath
  BadValue value;
  std::string detail;

  // The message without the field: `Invalid value: "x": must be ...`. This is
  // the text of a Status cause.
  std::string Body() const;
  // `<field>: <Body()>`, the text inside aggregate messages.
  std::string ToString() const;
};

// Constructors mirroring upstream's field.Required, field.Invalid, ...
FieldError Required(const FieldPath& path, std::string_view detail);
FieldError Forbidden(const FieldPath& path, std::string_view detail);
FieldError Invalid(const FieldPath& path, BadValue value, std::string_view detail);
FieldError Invalid(const FieldPath& path, std::string_view value, std::string_view detail);
FieldError TypeInvalid(const FieldPath& path, BadValue value, std::string_view detail);
FieldError NotFound(const FieldPath& path, BadValue value);
FieldError Duplicate(const FieldPath& path, BadValue value);
// detail: `supported values: "a", "b"` (empty when `supported` is empty).
FieldError NotSupported(const FieldPath& path, BadValue value,
                        const std::vector<std::string>& supported);
// detail: "may not be more than N bytes" ("1 byte"; "value is too long" when N < 0).
FieldError TooLong(const FieldPath& path, int64_t max_length);
// detail: "must have at most N items" ("1 item"; "has too many items" when N < 0).
// `actual` < 0 omits the value.
FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max_quantity);
FieldError InternalError(const FieldPath& path, std::string_view detail);

// An ordered list of field errors (upstream's field.ErrorList).
class ErrorList {
 public:
  void Add(FieldError error) { errors_.push_back(std::move(error)); }
  void Append(const ErrorList& other);

  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const FieldError& operator[](size_t i) const { return errors_[i]; }
  std::vector<FieldError>::const_iterator begin() const { return errors_.begin(); }
  std::vector<FieldError>::const_iterator end() const { return errors_.end(); }

  // The aggregate error text (ErrorList.ToAggregate().Error()): "" when empty,
  // the single message when there is one distinct message, otherwise the
  // distinct messages in order, comma-separated inside brackets.
  std::string ToAggregateString() const;

 private:
  std::vector<FieldError> errors_;
};

// The 422 Invalid Status for an object that failed validation, as upstream's
// errors.NewInvalid builds it. `kind` is the Kind ("Deployment"), `group` the
// API group ("apps"; "" for the core group). Message:
// `Deployment.apps "web" is invalid: <aggregate>` (just `... is invalid` when
// `errors` is empty). Details carry kind, group, name and one cause per error
// (not de-duplicated), each cause with reason, Body() and field.
Status ToInvalidStatus(std::string_view kind, std::string_view group, std::string_view name,
                       const ErrorList& errors);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_FIELD_ERRORS_H_
