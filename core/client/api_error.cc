#include "core/client/api_error.h"

namespace ekslite::client {
namespace {

constexpr size_t kMaxMessageBytes = 1024;

StatusDetails DetailsFrom(const JsonValue& details) {
  StatusDetails out;
  out.name = std::string(StringAt(details, "name"));
  out.group = std::string(StringAt(details, "group"));
  out.kind = std::string(StringAt(details, "kind"));
  out.uid = std::string(StringAt(details, "uid"));
  if (auto retry = IntAt(details, "retryAfterSeconds")) {
    out.retry_after_seconds = static_cast<int>(*retry);
  }
  if (const JsonValue* causes = Member(details, "causes"); causes && causes->IsArray()) {
    for (const JsonValue& c : causes->GetArray()) {
      out.causes.push_back({std::string(StringAt(c, "reason")), std::string(StringAt(c, "message")),
                            std::string(StringAt(c, "field"))});
    }
  }
  return out;
}

}  // namespace

Status StatusFromStatusObject(const JsonValue& status, int http_code) {
  int code = static_cast<int>(IntAt(status, "code").value_or(http_code));
  Code c = CodeFromReason(StringAt(status, "reason"), code);
  if (c == Code::kOk) c = Code::kInternal;  // a failure that claims success
  std::string message(StringAt(status, "message"));
  if (message.empty()) message = "the server reported " + std::string(Reason(c));
  const JsonValue* details = Member(status, "details");
  if (details != nullptr && details->IsObject()) {
    return Status(c, std::move(message), DetailsFrom(*details));
  }
  return Status(c, std::move(message));
}

Status StatusFromResponse(const http::HeadResponse& response) {
  int http_code = static_cast<int>(response.result_int());
  if (http_code >= 200 && http_code < 300) return Status::Ok();
  const std::string& body = response.body();
  auto doc = ParseJson(body);
  if (doc.ok() && doc->IsObject() && StringAt(*doc, "kind") == "Status") {
    return StatusFromStatusObject(*doc, http_code);
  }
  Code c = CodeFromReason("", http_code);
  if (c == Code::kOk) c = Code::kInternal;
  std::string message = "the server answered " + std::to_string(http_code);
  if (!body.empty()) {
    message += ": " + body.substr(0, kMaxMessageBytes);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
      message.pop_back();
    }
  }
  return Status(c, std::move(message));
}

}  // namespace ekslite::client
