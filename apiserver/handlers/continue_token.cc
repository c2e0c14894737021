#include "apiserver/handlers/continue_token.h"

#include "core/base64.h"
#include "core/json.h"

namespace ekslite::apiserver {

std::string EncodeContinue(const ContinueToken& token) {
  std::string json =
      R"({"v":"meta.k8s.io/v1","rv":)" + std::to_string(token.revision) + ",\"start\":";
  AppendJsonString(token.start, &json);
  if (token.remaining >= 0) json += ",\"r\":" + std::to_string(token.remaining);
  json += "}";
  return Base64UrlEncode(json);
}

StatusOr<ContinueToken> DecodeContinue(std::string_view text) {
  auto invalid = [](std::string why) {
    return Status::BadRequest("continue key is not valid: " + why);
  };
  std::optional<std::string> raw = Base64UrlDecode(text);
  if (!raw) return invalid("illegal base64 data");
  auto doc = ParseJson(*raw);
  if (!doc.ok() || !doc->IsObject())
    return invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  if (StringAt(*doc, "v") != "meta.k8s.io/v1")
    return invalid("server does not recognize this encoded key version");
  std::optional<int64_t> rv = IntAt(*doc, "rv");
  const JsonValue* start = Member(*doc, "start");
  if (!rv || *rv <= 0 || start == nullptr || !start->IsString()) {
    return invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  std::string s(View(*start));
  if (s.find("..") != std::string::npos || (!s.empty() && s[0] == '/')) {
    return invalid("key path is not valid");
  }
  return ContinueToken{*rv, std::move(s), IntAt(*doc, "r").value_or(-1)};
}

}  // namespace ekslite::apiserver
