// Static bearer tokens from a CSV file (--token-auth-file), in upstream's
// format, one token per line:
//
//   token,user,uid[,"group1,group2"]
//
// The groups column is optional; quote it when it lists more than one group.
// Fields may be quoted ("" is a quote inside a quoted field); spaces before a
// field are ignored; blank lines are skipped. Anything else that does not fit
// is an error naming the line, so a typo stops the server at start instead of
// locking a user out later.
#ifndef EKSLITE_APISERVER_AUTHN_TOKEN_FILE_H_
#define EKSLITE_APISERVER_AUTHN_TOKEN_FILE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/authn/authenticator.h"
#include "apiserver/authn/user.h"
#include "core/status.h"

namespace ekslite::apiserver {

struct TokenEntry {
  std::string token;
  UserInfo user;  // name, uid and the file's groups
};

// Parses the file content. `source` names it in errors: kInvalid
// "FILE line N: ..." for a line with fewer than 3 or more than 4 columns, an
// empty token or user, a broken quote, or a token already seen.
StatusOr<std::vector<TokenEntry>> ParseTokenFile(std::string_view content, std::string_view source);

// Reads and parses `path`. Errors: the parse errors, kNotFound/kInternal when
// the file cannot be read.
StatusOr<std::vector<TokenEntry>> LoadTokenFile(const std::string& path);

// Authenticates `Authorization: Bearer <token>` against `entries`: the entry's
// user plus system:authenticated; nullopt when the request has no bearer
// token; kUnauthorized when the token is unknown. Tokens are compared by
// SHA-256 digest in constant time. Thread-safe.
std::shared_ptr<Authenticator> NewTokenAuthenticator(std::vector<TokenEntry> entries);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_TOKEN_FILE_H_
