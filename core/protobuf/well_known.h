// The JSON text of Kubernetes' special protobuf messages: metav1.Time and
// MicroTime (RFC 3339) and metav1.Duration (Go's duration syntax).
#ifndef EKSLITE_CORE_PROTOBUF_WELL_KNOWN_H_
#define EKSLITE_CORE_PROTOBUF_WELL_KNOWN_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace ekslite::protobuf {

// "2008-01-01T01:01:01Z" for `seconds` since the Unix epoch (UTC). With
// `micros`, six fractional digits follow the seconds ("...01.000010Z", as
// metav1.MicroTime writes them); otherwise the nanoseconds are dropped, as
// metav1.Time does. kBadRequest when the year is outside 0000..9999 or nanos
// outside [0, 1e9).
StatusOr<std::string> FormatRfc3339(int64_t seconds, int32_t nanos, bool micros);

// Go's time.Duration text for `nanoseconds`: "1h2m3s", "1.5s", "500ms",
// "1µs", "0s", "-2m0.5s".
std::string FormatGoDuration(int64_t nanoseconds);

}  // namespace ekslite::protobuf

#endif  // EKSLITE_CORE_PROTOBUF_WELL_KNOWN_H_
