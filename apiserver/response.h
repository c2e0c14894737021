// Building responses: JSON bodies, and errors as metav1.Status.
#ifndef EKSLITE_APISERVER_RESPONSE_H_
#define EKSLITE_APISERVER_RESPONSE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"
#include "core/status.h"

namespace ekslite::apiserver {

// A response with `body` as application/json and HTTP status `code`.
http::Response JsonResponse(int code, std::string body);
// A response with `body` as text/plain.
http::Response TextResponse(int code, std::string body);

// The metav1.Status JSON for `status` (a failure, or success for an OK one).
std::string StatusJson(const Status& status);
// `status` as a metav1.Status response with its HTTP code (Retry-After set
// when the details ask for it).
http::Response StatusResponse(const Status& status);

// Adds a `Warning: 299 - "text"` header, which kubectl and helm print.
void AddWarning(http::Response& response, std::string_view text);

// Adds one Warning header per distinct warning, keeping their total under
// 4 KiB as upstream does: once the next one would not fit, every warning is
// cut to 256 bytes (on a UTF-8 boundary) and as many as fit are sent.
void AddWarnings(http::Response& response, const std::vector<std::string>& warnings);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESPONSE_H_
