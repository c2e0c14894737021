// The HTTP request and response types shared by the apiserver's handler, the
// TLS server and the client transports. A loopback call hands the very same
// request object to the handler that the TLS server would have built.
#ifndef EKSLITE_CORE_HTTP_MESSAGE_H_
#define EKSLITE_CORE_HTTP_MESSAGE_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/body_stream.h"

namespace ekslite::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using HeadResponse = beast_http::response<beast_http::string_body>;
using Verb = beast_http::verb;
using Field = beast_http::field;

// A response: status, headers and either a complete body (in `head.body()`) or,
// when `stream` is set, a body produced over time and sent chunked (watches,
// followed logs).
struct Response {
  HeadResponse head;
  std::unique_ptr<BodyStream> stream;
};

// The value of header `name` in `request`, or "" when absent.
std::string_view Header(const Request& request, Field name);
std::string_view Header(const Request& request, std::string_view name);

}  // namespace ekslite::http

#endif  // EKSLITE_CORE_HTTP_MESSAGE_H_
