#include "apiserver/response.h"

#include <algorithm>

#include "core/json.h"

namespace ekslite::apiserver {

http::Response JsonResponse(int code, std::string body) {
  http::Response r;
  r.head.result(static_cast<unsigned>(code));
  r.head.set(http::Field::content_type, "application/json");
  r.head.body() = std::move(body);
  r.head.prepare_payload();
  return r;
}

http::Response TextResponse(int code, std::string body) {
  http::Response r = JsonResponse(code, std::move(body));
  r.head.set(http::Field::content_type, "text/plain; charset=utf-8");
  return r;
}

std::string StatusJson(const Status& status) {
  std::string out = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":)";
  out += status.ok() ? R"("Success")" : R"("Failure")";
  if (!status.message().empty()) {
    out += ",\"message\":";
    AppendJsonString(status.message(), &out);
  }
  if (!status.ok()) {
    out += ",\"reason\":";
    AppendJsonString(Reason(status.code()), &out);
  }
  if (const StatusDetails* d = status.details()) {
    out += ",\"details\":{";
    bool first = true;
    auto field = [&](const char* name, const std::string& value) {
      if (value.empty()) return;
      out += first ? "\"" : ",\"";
      out += name;
      out += "\":";
      AppendJsonString(value, &out);
      first = false;
    };
    field("name", d->name);
    field("group", d->group);
    field("kind", d->kind);
    field("uid", d->uid);
    if (!d->causes.empty()) {
      out += first ? "\"causes\":[" : ",\"causes\":[";
      first = false;
      for (size_t i = 0; i < d->causes.size(); ++i) {
        const StatusCause& c = d->causes[i];
        out += i == 0 ? "{" : ",{";
        out += "\"reason\":";
        AppendJsonString(c.reason, &out);
        out += ",\"message\":";
        AppendJsonString(c.message, &out);
        if (!c.field.empty()) {
          out += ",\"field\":";
          AppendJsonString(c.field, &out);
        }
        out += "}";
      }
      out += "]";
    }
    if (d->retry_after_seconds > 0) {
      out += first ? "" : ",";
      out += "\"retryAfterSeconds\":" + std::to_string(d->retry_after_seconds);
    }
    out += "}";
  }
  out += ",\"code\":" + std::to_string(HttpCode(status.code())) + "}";
  return out;
}

http::Response StatusResponse(const Status& status) {
  http::Response r = JsonResponse(HttpCode(status.code()), StatusJson(status));
  if (const StatusDetails* d = status.details(); d && d->retry_after_seconds > 0) {
    r.head.set(http::Field::retry_after, std::to_string(d->retry_after_seconds));
  }
  return r;
}

namespace {

std::string WarningValue(std::string_view text) {
  std::string value = "299 - ";
  AppendJsonString(text, &value);
  return value;
}

// `text` cut to at most `bytes`, never inside a UTF-8 sequence.
std::string_view CutUtf8(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

void AddWarning(http::Response& response, std::string_view text) {
  response.head.insert("Warning", WarningValue(text));
}

void AddWarnings(http::Response& response, const std::vector<std::string>& warnings) {
  constexpr size_t kTotalBytes = 4 * 1024;
  constexpr size_t kTruncatedBytes = 256;
  std::vector<std::string_view> distinct;
  for (const std::string& w : warnings) {
    if (std::find(distinct.begin(), distinct.end(), w) == distinct.end()) distinct.push_back(w);
  }
  size_t total = 0;
  for (std::string_view w : distinct) total += WarningValue(w).size();
  bool truncate = total > kTotalBytes;
  size_t written = 0;
  for (std::string_view w : distinct) {
    std::string value = WarningValue(truncate ? CutUtf8(w, kTruncatedBytes) : w);
    if (written + value.size() > kTotalBytes) break;
    written += value.size();
    response.head.insert("Warning", value);
  }
}

}  // namespace ekslite::apiserver
