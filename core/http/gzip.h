// Gzip: compressing a response body for clients that send
// `Accept-Encoding: gzip` (every Go client does). Used for large bodies that
// are built once and served many times, such as the OpenAPI documents.
#ifndef EKSLITE_CORE_HTTP_GZIP_H_
#define EKSLITE_CORE_HTTP_GZIP_H_

#include <string>
#include <string_view>

namespace ekslite::http {

// `data` as a gzip member (RFC 1952: header, deflate data at the default
// level, CRC-32 and length). Pure function; thread-safe.
std::string Gzip(std::string_view data);

// True when an Accept-Encoding header value accepts gzip (a "gzip" coding
// without q=0).
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace ekslite::http

#endif  // EKSLITE_CORE_HTTP_GZIP_H_
