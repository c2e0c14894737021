// Go formatting and parsing rules that leak into Kubernetes' wire messages.
//
// Upstream error texts are built with Go's fmt verbs (%q, %#v) and integers are
// read with strconv.ParseInt. Clients compare some of these messages verbatim,
// so the exact rendering matters: `Invalid value: "a b"` quotes like Go's
// strconv.Quote, not like JSON. These helpers reproduce those rules; they are
// pure functions and safe to call from any thread.
#ifndef EKSLITE_CORE_API_GO_FORMAT_H_
#define EKSLITE_CORE_API_GO_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekslite::api {

// `s` as a double-quoted Go string literal (strconv.Quote, fmt's %q): `"`, `\`
// and control characters are escaped (\n, \t, \x01, \u00a0, ...), invalid
// UTF-8 bytes become \xNN, printable Unicode is kept as is. Printability is
// Go's unicode.IsPrint approximated for the common non-printing ranges.
std::string GoQuote(std::string_view s);

// A []string rendered with fmt's %#v: `[]string{"a", "b"}`; an empty slice
// renders as `[]string{}`, or `[]string(nil)` when `nil_if_empty` (a Go slice
// built by appending nothing is nil).
std::string GoStringSlice(const std::vector<std::string>& values, bool nil_if_empty);

// Parses `s` like strconv.ParseInt(s, 10, 64) (and strconv.Atoi on 64-bit):
// an optional sign followed by one or more decimal digits, no spaces or
// underscores. nullopt on syntax errors and on values outside int64.
std::optional<int64_t> ParseGoInt(std::string_view s);

// Decodes one UTF-8 sequence at the start of `s` the way Go's range loop does:
// returns the code point and sets `*width` to the bytes consumed. An invalid or
// truncated sequence yields U+FFFD with width 1. `s` must not be empty.
char32_t DecodeRune(std::string_view s, size_t* width);

// Appends `r` encoded as UTF-8 to `out`.
void AppendRune(char32_t r, std::string* out);

// Go's unicode.IsPrint, approximated as described for GoQuote.
bool GoIsPrint(char32_t r);

// A time in Go's time.Time.String() form for UTC, "2006-01-02 15:04:05 +0000
// UTC" (fractional seconds kept without trailing zeros), from an RFC 3339
// timestamp ("2006-01-02T15:04:05Z", offsets allowed). nullopt if `rfc3339`
// does not parse.
std::optional<std::string> GoTimeString(std::string_view rfc3339);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_GO_FORMAT_H_
