#include "core/status.h"

#include <array>

namespace ekslite {
namespace {

struct CodeInfo {
  Code code;
  int http;
  std::string_view reason;
};

// The order of this table is the order of the Code enum.
constexpr std::array<CodeInfo, 17> kCodes = {{
    {Code::kOk, 200, ""},
    {Code::kBadRequest, 400, "BadRequest"},
    {Code::kUnauthorized, 401, "Unauthorized"},
    {Code::kForbidden, 403, "Forbidden"},
    {Code::kNotFound, 404, "NotFound"},
    {Code::kMethodNotAllowed, 405, "MethodNotAllowed"},
    {Code::kNotAcceptable, 406, "NotAcceptable"},
    {Code::kAlreadyExists, 409, "AlreadyExists"},
    {Code::kConflict, 409, "Conflict"},
    {Code::kExpired, 410, "Expired"},
    {Code::kRequestEntityTooLarge, 413, "RequestEntityTooLarge"},
    {Code::kUnsupportedMediaType, 415, "UnsupportedMediaType"},
    {Code::kInvalid, 422, "Invalid"},
    {Code::kTooManyRequests, 429, "TooManyRequests"},
    {Code::kInternal, 500, "InternalError"},
    {Code::kUnavailable, 503, "ServiceUnavailable"},
    {Code::kTimeout, 504, "Timeout"},
}};

const CodeInfo& Info(Code code) { return kCodes[static_cast<size_t>(code)]; }

}  // namespace

Status::Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

Status::Status(Code code, std::string message, StatusDetails details)
    : code_(code),
      message_(std::move(message)),
      details_(std::make_shared<const StatusDetails>(std::move(details))) {}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(Reason(code_)) + ": " + message_;
}

int HttpCode(Code code) { return Info(code).http; }

std::string_view Reason(Code code) { return Info(code).reason; }

Code CodeFromReason(std::string_view reason, int http_code) {
  for (const CodeInfo& info : kCodes) {
    if (!reason.empty() && info.reason == reason) return info.code;
  }
  // Upstream also uses "Gone" for 410 and "ServerTimeout" for 500.
  if (reason == "Gone") return Code::kExpired;
  if (http_code >= 200 && http_code < 300) return Code::kOk;
  // An unknown reason: the first code with this HTTP status (409 -> Conflict,
  // as client-go's IsConflict does for unknown reasons).
  for (const CodeInfo& info : kCodes) {
    if (info.http == http_code && info.code != Code::kAlreadyExists) return info.code;
  }
  return http_code >= 500 ? Code::kInternal : Code::kBadRequest;
}

}  // namespace ekslite
