#include "core/http/message.h"

namespace ekslite::http {

std::string_view Header(const Request& request, Field name) {
  auto it = request.find(name);
  return it == request.end() ? std::string_view() : std::string_view(it->value());
}

std::string_view Header(const Request& request, std::string_view name) {
  auto it = request.find(name);
  return it == request.end() ? std::string_view() : std::string_view(it->value());
}

}  // namespace ekslite::http
