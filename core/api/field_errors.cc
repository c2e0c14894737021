#include "core/api/field_errors.h"

#include <set>
#include <utility>

#include "core/api/go_format.h"

namespace ekslite::api {

FieldPath FieldPath::Child(std::string_view name) const {
  FieldPath out = *this;
  if (out.has_elements_ && !name.empty()) out.text_.push_back('.');
  out.text_.append(name);
  out.has_elements_ = true;
  return out;
}

FieldPath FieldPath::Index(int64_t index) const {
  FieldPath out = *this;
  out.text_.append("[").append(std::to_string(index)).append("]");
  out.has_elements_ = true;
  return out;
}

FieldPath FieldPath::Key(std::string_view key) const {
  FieldPath out = *this;
  out.text_.append("[").append(key).append("]");
  out.has_elements_ = true;
  return out;
}

std::string_view CauseReason(ErrorType type) {
  switch (type) {
    case ErrorType::kNotFound:
      return "FieldValueNotFound";
    case ErrorType::kRequired:
      return "FieldValueRequired";
    case ErrorType::kDuplicate:
      return "FieldValueDuplicate";
    case ErrorType::kInvalid:
      return "FieldValueInvalid";
    case ErrorType::kNotSupported:
      return "FieldValueNotSupported";
    case ErrorType::kForbidden:
      return "FieldValueForbidden";
    case ErrorType::kTooLong:
      return "FieldValueTooLong";
    case ErrorType::kTooMany:
      return "FieldValueTooMany";
    case ErrorType::kInternal:
      return "InternalError";
    case ErrorType::kTypeInvalid:
      return "FieldValueTypeInvalid";
  }
  return "";
}

std::string_view Describe(ErrorType type) {
  switch (type) {
    case ErrorType::kNotFound:
      return "Not found";
    case ErrorType::kRequired:
      return "Required value";
    case ErrorType::kDuplicate:
      return "Duplicate value";
    case ErrorType::kInvalid:
      return "Invalid value";
    case ErrorType::kNotSupported:
      return "Unsupported value";
    case ErrorType::kForbidden:
      return "Forbidden";
    case ErrorType::kTooLong:
      return "Too long";
    case ErrorType::kTooMany:
      return "Too many";
    case ErrorType::kInternal:
      return "Internal error";
    case ErrorType::kTypeInvalid:
      return "Invalid value";
  }
  return "";
}

BadValue BadValue::String(std::string_view s) { return {GoQuote(s), false}; }

BadValue BadValue::StringSlice(const std::vector<std::string>& v, bool nil_if_empty) {
  return {GoStringSlice(v, nil_if_empty), false};
}

std::string FieldError::Body() const {
  std::string out(Describe(type));
  // These types never show the value, whatever was recorded.
  bool hide_value = type == ErrorType::kRequired || type == ErrorType::kForbidden ||
                    type == ErrorType::kTooLong || type == ErrorType::kInternal;
  if (!hide_value && !value.omitted) out.append(": ").append(value.rendered);
  if (!detail.empty()) out.append(": ").append(detail);
  return out;
}

std::string FieldError::ToString() const { return field + ": " + Body(); }

namespace {

FieldError Make(ErrorType type, const FieldPath& path, BadValue value, std::string_view detail) {
  return FieldError{type, path.String(), std::move(value), std::string(detail)};
}

}  // namespace

FieldError Required(const FieldPath& path, std::string_view detail) {
  return Make(ErrorType::kRequired, path, BadValue::String(""), detail);
}

FieldError Forbidden(const FieldPath& path, std::string_view detail) {
  return Make(ErrorType::kForbidden, path, BadValue::String(""), detail);
}

FieldError Invalid(const FieldPath& path, BadValue value, std::string_view detail) {
  return Make(ErrorType::kInvalid, path, std::move(value), detail);
}

FieldError Invalid(const FieldPath& path, std::string_view value, std::string_view detail) {
  return Make(ErrorType::kInvalid, path, BadValue::String(value), detail);
}

FieldError TypeInvalid(const FieldPath& path, BadValue value, std::string_view detail) {
  return Make(ErrorType::kTypeInvalid, path, std::move(value), detail);
}

FieldError NotFound(const FieldPath& path, BadValue value) {
  return Make(ErrorType::kNotFound, path, std::move(value), "");
}

FieldError Duplicate(const FieldPath& path, BadValue value) {
  return Make(ErrorType::kDuplicate, path, std::move(value), "");
}

FieldError NotSupported(const FieldPath& path, BadValue value,
                        const std::vector<std::string>& supported) {
  std::string detail;
  for (size_t i = 0; i < supported.size(); ++i) {
    detail.append(i == 0 ? "supported values: " : ", ").append(GoQuote(supported[i]));
  }
  return Make(ErrorType::kNotSupported, path, std::move(value), detail);
}

FieldError TooLong(const FieldPath& path, int64_t max_length) {
  std::string detail = max_length < 0 ? "value is too long"
                                      : "may not be more than " + std::to_string(max_length) +
                                            (max_length == 1 ? " byte" : " bytes");
  return Make(ErrorType::kTooLong, path, BadValue::Omitted(), detail);
}

FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max_quantity) {
  std::string detail = max_quantity < 0 ? "has too many items"
                                        : "must have at most " + std::to_string(max_quantity) +
                                              (max_quantity == 1 ? " item" : " items");
  BadValue value = actual < 0 ? BadValue::Omitted() : BadValue::Int(actual);
  return Make(ErrorType::kTooMany, path, std::move(value), detail);
}

FieldError InternalError(const FieldPath& path, std::string_view detail) {
  return Make(ErrorType::kInternal, path, BadValue::Null(), detail);
}

void ErrorList::Append(const ErrorList& other) {
  errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
}

std::string ErrorList::ToAggregateString() const {
  std::set<std::string> seen;
  std::string joined;
  for (const FieldError& e : errors_) {
    std::string msg = e.ToString();
    if (!seen.insert(msg).second) continue;
    if (seen.size() > 1) joined.append(", ");
    joined.append(msg);
  }
  if (seen.size() <= 1) return joined;
  return "[" + joined + "]";
}

Status ToInvalidStatus(std::string_view kind, std::string_view group, std::string_view name,
                       const ErrorList& errors) {
  StatusDetails details;
  details.kind = std::string(kind);
  details.group = std::string(group);
  details.name = std::string(name);
  for (const FieldError& e : errors) {
    details.causes.push_back({std::string(CauseReason(e.type)), e.Body(), e.field});
  }
  std::string qualified(kind);
  if (!group.empty()) qualified.append(".").append(group);
  std::string message = qualified + " " + GoQuote(name) + " is invalid";
  if (!errors.empty()) message.append(": ").append(errors.ToAggregateString());
  return Status(Code::kInvalid, std::move(message), std::move(details));
}

}  // namespace ekslite::api
