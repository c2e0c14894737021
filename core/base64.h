// Base64 (RFC 4648, standard alphabet with padding), as JSON carries []byte.
#ifndef EKSLITE_CORE_BASE64_H_
#define EKSLITE_CORE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace ekslite {

std::string Base64Encode(std::string_view bytes);
// Decodes standard base64 with padding; nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text);
// The URL-safe alphabet without padding (JWTs, continue tokens).
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace ekslite

#endif  // EKSLITE_CORE_BASE64_H_
