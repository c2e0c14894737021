// Percent-encoding for request paths and query strings.
#ifndef EKSLITE_CORE_CLIENT_URL_H_
#define EKSLITE_CORE_CLIENT_URL_H_

#include <string>
#include <string_view>

namespace ekslite::client {

// `s` with every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~)
// percent-encoded, so it can stand as one path segment or query value.
std::string PercentEncode(std::string_view s);

// Builds "?a=1&b=x%20y"; parameters with empty values are left out.
class QueryBuilder {
 public:
  QueryBuilder& Add(std::string_view name, std::string_view value);
  // "" when nothing was added, else "?" and the parameters.
  const std::string& str() const { return query_; }

 private:
  std::string query_;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_URL_H_
