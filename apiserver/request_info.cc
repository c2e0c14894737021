#include "apiserver/request_info.h"

namespace ekslite::apiserver {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > i) parts.push_back(UrlDecode(path.substr(i, slash - i), false));
    i = slash + 1;
  }
  return parts;
}

// The verb of a resource request, from the HTTP method and the shape of the
// path, as upstream derives it.
std::string ResourceVerb(http::Verb method, const RequestInfo& info) {
  bool named = !info.name.empty();
  switch (method) {
    case http::Verb::get:
    case http::Verb::head:
      if (info.query.GetBool("watch")) return "watch";
      return named ? "get" : "list";
    case http::Verb::post:
      return "create";
    case http::Verb::put:
      return "update";
    case http::Verb::patch:
      return "patch";
    case http::Verb::delete_:
      return named ? "delete" : "deletecollection";
    default:
      return "";
  }
}

}  // namespace

std::string UrlDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

Query Query::Parse(std::string_view query_string) {
  Query q;
  size_t i = 0;
  while (i < query_string.size()) {
    size_t amp = query_string.find('&', i);
    if (amp == std::string_view::npos) amp = query_string.size();
    std::string_view pair = query_string.substr(i, amp - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = UrlDecode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
      q.params_.emplace(std::move(key), std::move(value));
    }
    i = amp + 1;
  }
  return q;
}

std::optional<std::string> Query::Get(std::string_view key) const {
  auto it = params_.find(std::string(key));
  if (it == params_.end()) return std::nullopt;
  return it->second;
}

std::string Query::GetOr(std::string_view key, std::string_view fallback) const {
  auto v = Get(key);
  return v ? *v : std::string(fallback);
}

std::vector<std::string> Query::GetAll(std::string_view key) const {
  std::vector<std::string> out;
  auto [lo, hi] = params_.equal_range(std::string(key));
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

bool Query::GetBool(std::string_view key) const {
  auto v = Get(key);
  if (!v) return false;
  // Go's strconv.ParseBool spellings of true (clients send "True" too), and
  // an empty value (?watch).
  for (const char* t : {"", "1", "t", "T", "true", "True", "TRUE"}) {
    if (*v == t) return true;
  }
  return false;
}

RequestInfo ParseRequestInfo(const http::Request& request) {
  RequestInfo info;
  std::string_view target = request.target();
  size_t q = target.find('?');
  info.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) info.query = Query::Parse(target.substr(q + 1));

  std::vector<std::string> parts = SplitPath(info.path);
  size_t i = 0;
  if (parts.size() >= 2 && parts[0] == "api") {
    info.api_prefix = "api";
    info.version = parts[1];
    i = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    info.api_prefix = "apis";
    info.group = parts[1];
    info.version = parts[2];
    i = 3;
  } else {
    return info;
  }
  if (i >= parts.size()) return info;  // /api/v1, /apis/apps/v1: discovery
  // /namespaces/{ns}/{resource}... ; but /namespaces and /namespaces/{name}
  // (and /namespaces/{name}/status|finalize) are the namespaces resource itself.
  if (parts[i] == "namespaces" && parts.size() - i >= 3) {
    std::string maybe_sub = parts.size() - i == 3 ? parts[i + 2] : "";
    if (maybe_sub != "status" && maybe_sub != "finalize") {
      info.namespace_ = parts[i + 1];
      info.namespaced_path = true;
      i += 2;
    }
  }
  info.is_resource_request = true;
  info.resource = parts[i++];
  if (i < parts.size()) info.name = parts[i++];
  if (i < parts.size()) info.subresource = parts[i++];
  if (i < parts.size()) {
    // Deeper paths (proxy/...) keep the remainder in the subresource.
    for (; i < parts.size(); ++i) info.subresource += "/" + parts[i];
  }
  info.verb = ResourceVerb(request.method(), info);
  return info;
}

}  // namespace ekslite::apiserver
