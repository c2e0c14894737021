#include "apiserver/openapi/openapi_service.h"

#include <openssl/sha.h>

#include <chrono>
#include <ctime>
#include <set>
#include <vector>

#include "apiserver/openapi/document.h"
#include "apiserver/response.h"
#include "core/http/gzip.h"
#include "core/json.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kV3 = "/openapi/v3";

// Upper-case hex SHA-512 of `body`, as upstream hashes its documents.
std::string HashOf(const std::string& body) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

// What a group-version document is made of, as text: equal fingerprints give
// equal documents. Custom schemas count by address; the Built entry keeps
// them alive so an address cannot be reused while it is remembered.
std::string Fingerprint(const std::vector<const ResourceInfo*>& resources) {
  std::string f;
  auto add = [&f](std::string_view s) {
    f.append(s);
    f.push_back('\x1f');
  };
  for (const ResourceInfo* r : resources) {
    add(r->resource);
    add(r->kind);
    add(r->namespaced ? "ns" : "cluster");
    add(r->return_deleted_object ? "deleted" : "status");
    add(r->create_handler ? "create" : "");
    for (const std::string& v : r->verbs) add(v);
    for (const SubresourceInfo& s : r->subresources) {
      add(s.name + "|" + s.group + "|" + s.version + "|" + s.kind);
      for (const std::string& v : s.verbs) add(v);
    }
    add(std::to_string(reinterpret_cast<uintptr_t>(r->openapi_v3_schema.get())));
    add(std::to_string(reinterpret_cast<uintptr_t>(r->custom_schema.get())));
    f.push_back('\x1e');
  }
  return f;
}

bool AcceptsJson(const http::Request& request) {
  std::string_view accept = http::Header(request, http::Field::accept);
  return accept.empty() || accept.find("application/json") != std::string_view::npos ||
         accept.find("application/*") != std::string_view::npos ||
         accept.find("*/*") != std::string_view::npos;
}

// True when If-None-Match lists `etag` (or is "*").
bool NotModified(const http::Request& request, const std::string& etag) {
  std::string_view tags = http::Header(request, http::Field::if_none_match);
  if (tags.empty()) return false;
  if (tags.find('*') != std::string_view::npos) return true;
  return tags.find(etag) != std::string_view::npos;
}

std::string HttpDate(Clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

}  // namespace

// One built group-version document.
struct OpenApiService::Built {
  std::string fingerprint;
  std::string body;
  std::string gzip;  // the body compressed, for clients that accept gzip
  std::string hash;
  std::vector<std::shared_ptr<const void>> pins;  // the custom schemas fingerprinted
};

struct OpenApiService::Snapshot {
  uint64_t generation = 0;
  std::map<std::string, std::shared_ptr<const Built>> documents;  // by path
  std::string index;
  std::string index_hash;
};

std::shared_ptr<const OpenApiService::Built> OpenApiService::Build(
    const ResourceTable::Snapshot& table, const std::string& group, const std::string& version,
    const std::string& path) const {
  std::vector<const ResourceInfo*> resources = table.InGroupVersion(group, version);
  std::string fingerprint = Fingerprint(resources);
  if (snapshot_ != nullptr) {
    auto old = snapshot_->documents.find(path);
    if (old != snapshot_->documents.end() && old->second->fingerprint == fingerprint) {
      return old->second;
    }
  }
  auto start = std::chrono::steady_clock::now();
  auto built = std::make_shared<Built>();
  built->fingerprint = std::move(fingerprint);
  built->body = openapi::BuildGroupVersionDocument(group, version, resources);
  built->hash = HashOf(built->body);
  built->gzip = http::Gzip(built->body);
  for (const ResourceInfo* r : resources) {
    if (r->openapi_v3_schema) built->pins.push_back(r->openapi_v3_schema);
    if (r->custom_schema) built->pins.push_back(r->custom_schema);
  }
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  Logger("openapi")->debug("built /openapi/v3/{}: {} bytes ({} gzipped) in {:.2f} ms", path,
                           built->body.size(), built->gzip.size(), took.count());
  return built;
}

std::shared_ptr<const OpenApiService::Snapshot> OpenApiService::Current() {
  std::lock_guard<std::mutex> lock(mu_);
  // One table snapshot for the whole build (custom resources may change
  // meanwhile; the snapshot keeps the entries read here alive).
  std::shared_ptr<const ResourceTable::Snapshot> table = table_.snapshot();
  uint64_t generation = table->generation();
  if (snapshot_ != nullptr && snapshot_->generation == generation) return snapshot_;
  auto next = std::make_shared<Snapshot>();
  next->generation = generation;
  std::set<std::pair<std::string, std::string>> seen;
  std::string index = "{\"paths\":{";
  for (const ResourceInfo* r : table->All()) {
    if (!seen.emplace(r->group, r->version).second) continue;
    std::string path = r->group.empty() ? "api/" + r->version
                                        : "apis/" + r->group + "/" + r->version;
    std::shared_ptr<const Built> built = Build(*table, r->group, r->version, path);
    if (seen.size() > 1) index += ",";
    AppendJsonString(path, &index);
    index += ":{\"serverRelativeURL\":";
    AppendJsonString(std::string(kV3) + "/" + path + "?hash=" + built->hash, &index);
    index += "}";
    next->documents.emplace(std::move(path), std::move(built));
  }
  index += "}}";
  next->index_hash = HashOf(index);
  next->index = std::move(index);
  snapshot_ = std::move(next);
  return snapshot_;
}

std::optional<OpenApiService::Document> OpenApiService::Find(const std::string& path) {
  std::shared_ptr<const Snapshot> snapshot = Current();
  auto it = snapshot->documents.find(path);
  if (it == snapshot->documents.end()) return std::nullopt;
  return Document{it->second->body, it->second->hash};
}

std::optional<http::Response> OpenApiService::Serve(const http::Request& request,
                                                    const RequestInfo& info) {
  const std::string& p = info.path;
  if (!p.starts_with("/openapi/") && p != "/openapi") return std::nullopt;
  bool v3 = p == kV3 || p.starts_with(std::string(kV3) + "/");
  if (!v3) return StatusResponse(Status::NotFound("the server could not find the requested resource"));
  if (request.method() != http::Verb::get) {
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }
  std::shared_ptr<const Snapshot> snapshot = Current();
  std::string_view rest = std::string_view(p).substr(kV3.size());
  if (rest.starts_with("/")) rest.remove_prefix(1);
  if (rest.empty()) {
    return ServeDocument(request, info, snapshot->index, "", snapshot->index_hash, "");
  }
  auto it = snapshot->documents.find(std::string(rest));
  if (it == snapshot->documents.end()) {
    return StatusResponse(Status::NotFound("the server could not find the requested resource"));
  }
  const Built& built = *it->second;
  return ServeDocument(request, info, built.body, built.gzip, built.hash, it->first);
}

void OpenApiService::StartPrebuild() {
  if (prebuild_.joinable()) return;
  prebuild_ = std::thread([this] { Current(); });
}

OpenApiService::~OpenApiService() {
  if (prebuild_.joinable()) prebuild_.join();
}

http::Response OpenApiService::ServeDocument(const http::Request& request, const RequestInfo& info,
                                             const std::string& body, const std::string& gzip,
                                             const std::string& hash, const std::string& path) {
  if (!AcceptsJson(request)) {
    return StatusResponse(Status::NotAcceptable("only application/json is served here"));
  }
  std::optional<std::string> asked = path.empty() ? std::nullopt : info.query.Get("hash");
  if (asked && *asked != hash) {
    // A stale hash: the document changed since the client read the index.
    http::Response r = JsonResponse(301, "");
    r.head.set(http::Field::location, std::string(kV3) + "/" + path + "?hash=" + hash);
    return r;
  }
  std::string etag = "\"" + hash + "\"";
  http::Response r;
  if (NotModified(request, etag)) {
    r.head.result(http::beast_http::status::not_modified);
  } else if (!gzip.empty() &&
             http::AcceptsGzip(http::Header(request, http::Field::accept_encoding))) {
    r = JsonResponse(200, gzip);
    r.head.set(http::Field::content_encoding, "gzip");
  } else {
    r = JsonResponse(200, body);
  }
  r.head.set(http::Field::etag, etag);
  r.head.set(http::Field::vary, "Accept, Accept-Encoding");
  if (asked) {
    r.head.set(http::Field::cache_control, "public, immutable");
    r.head.set(http::Field::expires, HttpDate(clock_.Now() + std::chrono::hours(24 * 365)));
  } else {
    r.head.set(http::Field::cache_control, "no-cache, private");
  }
  return r;
}

}  // namespace ekslite::apiserver
