// Status and StatusOr<T>: errors as values, for the whole code base.
//
// Each Code maps one-to-one onto an HTTP status and a metav1.Status reason, so
// an error keeps its meaning as it crosses layers and the wire: a storage
// conflict becomes Code::kConflict, the apiserver answers 409 with reason
// "Conflict", and the client turns that body back into Code::kConflict.
#ifndef EKSLITE_CORE_STATUS_H_
#define EKSLITE_CORE_STATUS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ekslite {

enum class Code {
  kOk,                     // 200
  kBadRequest,             // 400 BadRequest
  kUnauthorized,           // 401 Unauthorized
  kForbidden,              // 403 Forbidden
  kNotFound,               // 404 NotFound
  kMethodNotAllowed,       // 405 MethodNotAllowed
  kNotAcceptable,          // 406 NotAcceptable
  kAlreadyExists,          // 409 AlreadyExists
  kConflict,               // 409 Conflict (stale resourceVersion, apply conflicts)
  kExpired,                // 410 Expired (compacted resourceVersion or continue token)
  kRequestEntityTooLarge,  // 413 RequestEntityTooLarge
  kUnsupportedMediaType,   // 415 UnsupportedMediaType
  kInvalid,                // 422 Invalid (validation; details carry causes)
  kTooManyRequests,        // 429 TooManyRequests
  kInternal,               // 500 InternalError
  kUnavailable,            // 503 ServiceUnavailable
  kTimeout,                // 504 Timeout
};

// One entry of metav1.StatusDetails.causes.
struct StatusCause {
  std::string reason;  // e.g. "FieldValueRequired", "FieldValueInvalid"
  std::string message;
  std::string field;  // e.g. "metadata.name"
};

// metav1.StatusDetails: which object the error is about, and why.
struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;  // the resource (plural) or kind, as upstream puts it
  std::string uid;
  std::vector<StatusCause> causes;
  int retry_after_seconds = 0;
};

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(Code code, std::string message);
  Status(Code code, std::string message, StatusDetails details);

  static Status Ok() { return Status(); }
  static Status BadRequest(std::string m) { return {Code::kBadRequest, std::move(m)}; }
  static Status Unauthorized(std::string m) { return {Code::kUnauthorized, std::move(m)}; }
  static Status Forbidden(std::string m) { return {Code::kForbidden, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status MethodNotAllowed(std::string m) { return {Code::kMethodNotAllowed, std::move(m)}; }
  static Status NotAcceptable(std::string m) { return {Code::kNotAcceptable, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status Expired(std::string m) { return {Code::kExpired, std::move(m)}; }
  static Status TooLarge(std::string m) { return {Code::kRequestEntityTooLarge, std::move(m)}; }
  static Status UnsupportedMediaType(std::string m) {
    return {Code::kUnsupportedMediaType, std::move(m)};
  }
  static Status Invalid(std::string m) { return {Code::kInvalid, std::move(m)}; }
  static Status TooManyRequests(std::string m) { return {Code::kTooManyRequests, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Timeout(std::string m) { return {Code::kTimeout, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // Details, or nullptr when the error carries none.
  const StatusDetails* details() const { return details_.get(); }

  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsAlreadyExists() const { return code_ == Code::kAlreadyExists; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsExpired() const { return code_ == Code::kExpired; }
  bool IsInvalid() const { return code_ == Code::kInvalid; }

  // "NotFound: configmaps \"x\" not found", for logs.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::shared_ptr<const StatusDetails> details_;
};

// The HTTP status code for `code` (200 for kOk).
int HttpCode(Code code);
// The metav1.Status reason for `code` ("" for kOk), e.g. "AlreadyExists".
std::string_view Reason(Code code);
// The Code for a metav1.Status reason; falls back on the HTTP code when the
// reason is empty or unknown, as client-go does.
Code CodeFromReason(std::string_view reason, int http_code);

// A value or the error that prevented it. Accessing the value of an error
// StatusOr is a programming error (it aborts).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  StatusOr(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("StatusOr built from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ekslite

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define EKS_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::ekslite::Status eks_status_ = (expr);    \
    if (!eks_status_.ok()) return eks_status_; \
  } while (0)

#define EKS_CONCAT_INNER_(a, b) a##b
#define EKS_CONCAT_(a, b) EKS_CONCAT_INNER_(a, b)
#define EKS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

// `EKS_ASSIGN_OR_RETURN(auto x, F());` declares x from F()'s value, or returns
// F()'s error from the enclosing function.
#define EKS_ASSIGN_OR_RETURN(lhs, expr) \
  EKS_ASSIGN_OR_RETURN_IMPL_(EKS_CONCAT_(eks_statusor_, __LINE__), lhs, expr)

#endif  // EKSLITE_CORE_STATUS_H_
