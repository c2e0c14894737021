// API errors coming back: a metav1.Status body (or, from something that is
// not an apiserver, any body) turned into the Status it stands for. This is
// the client's one edge where errors are translated (STYLE.md rule 2): the
// apiserver's 409 with reason "AlreadyExists" becomes Code::kAlreadyExists.
#ifndef EKSLITE_CORE_CLIENT_API_ERROR_H_
#define EKSLITE_CORE_CLIENT_API_ERROR_H_

#include "core/http/message.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::client {

// The error a response with a non-2xx status stands for: the metav1.Status
// body's reason (mapped with CodeFromReason, falling back on the HTTP code),
// message and details (name, group, kind, uid, causes, retryAfterSeconds).
// A body that is not a Status gives the HTTP code's meaning and the body,
// shortened, as the message. An OK status for a 2xx response.
Status StatusFromResponse(const http::HeadResponse& response);

// The error a metav1.Status object stands for (`http_code` is used when the
// object has no `code`), e.g. the object of a watch ERROR event.
Status StatusFromStatusObject(const JsonValue& status, int http_code = 500);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_API_ERROR_H_
