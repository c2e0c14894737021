// Continue tokens of paged lists: the list's resourceVersion and the key to
// start the next page at, encoded as upstream does (base64url JSON with
// "v", "rv" and "start").
#ifndef EKSLITE_APISERVER_HANDLERS_CONTINUE_TOKEN_H_
#define EKSLITE_APISERVER_HANDLERS_CONTINUE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::apiserver {

struct ContinueToken {
  int64_t revision = 0;
  std::string start;  // relative to the resource's key prefix
  // Objects left after the page that issued the token (-1: unknown). Lists
  // are snapshots, so the next page's count follows from it.
  int64_t remaining = -1;
};

std::string EncodeContinue(const ContinueToken& token);
// kBadRequest ("continue key is not valid: ...") for a malformed token.
StatusOr<ContinueToken> DecodeContinue(std::string_view text);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_CONTINUE_TOKEN_H_
