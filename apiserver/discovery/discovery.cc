#include "apiserver/discovery/discovery.h"

#include "apiserver/response.h"
#include "core/json.h"

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kAggregatedV2 =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
constexpr std::string_view kAggregatedV2Beta1 =
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

void AppendStrings(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

void AppendKind(const std::string& group, const std::string& version, const std::string& kind,
                std::string* out) {
  *out += "{\"group\":";
  AppendJsonString(group, out);
  *out += ",\"version\":";
  AppendJsonString(version, out);
  *out += ",\"kind\":";
  AppendJsonString(kind, out);
  *out += "}";
}

// One resource of an aggregated discovery document.
void AppendAggregatedResource(const ResourceInfo& r, std::string* out) {
  *out += "{\"resource\":";
  AppendJsonString(r.resource, out);
  *out += ",\"responseKind\":";
  AppendKind(r.group, r.version, r.kind, out);
  *out += r.namespaced ? ",\"scope\":\"Namespaced\"" : ",\"scope\":\"Cluster\"";
  *out += ",\"singularResource\":";
  AppendJsonString(r.singular, out);
  *out += ",\"verbs\":";
  AppendStrings(r.verbs, out);
  if (!r.short_names.empty()) {
    *out += ",\"shortNames\":";
    AppendStrings(r.short_names, out);
  }
  if (!r.categories.empty()) {
    *out += ",\"categories\":";
    AppendStrings(r.categories, out);
  }
  if (!r.subresources.empty()) {
    *out += ",\"subresources\":[";
    for (size_t i = 0; i < r.subresources.size(); ++i) {
      const SubresourceInfo& s = r.subresources[i];
      *out += i > 0 ? ",{\"subresource\":" : "{\"subresource\":";
      AppendJsonString(s.name, out);
      if (!s.kind.empty()) {
        *out += ",\"responseKind\":";
        AppendKind(s.group, s.version, s.kind, out);
      }
      *out += ",\"verbs\":";
      AppendStrings(s.verbs, out);
      *out += "}";
    }
    *out += "]";
  }
  *out += "}";
}

// The "items" of an aggregated document for `groups`.
std::string AggregatedItems(const ResourceTable::Snapshot& table,
                            const std::vector<ApiGroup>& groups) {
  std::string out = "[";
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g > 0) out += ",";
    out += "{\"metadata\":{";
    if (!groups[g].name.empty()) {
      out += "\"name\":";
      AppendJsonString(groups[g].name, &out);
      out += ",";
    }
    out += "\"creationTimestamp\":null},\"versions\":[";
    for (size_t v = 0; v < groups[g].versions.size(); ++v) {
      const std::string& version = groups[g].versions[v];
      out += v > 0 ? ",{\"version\":" : "{\"version\":";
      AppendJsonString(version, &out);
      out += ",\"resources\":[";
      bool first = true;
      for (const ResourceInfo* r : table.InGroupVersion(groups[g].name, version)) {
        if (!first) out += ",";
        AppendAggregatedResource(*r, &out);
        first = false;
      }
      out += "],\"freshness\":\"Current\"}";
    }
    out += "]}";
  }
  out += "]";
  return out;
}

std::string GroupVersion(const std::string& group, const std::string& version) {
  return group.empty() ? version : group + "/" + version;
}

bool Accepts(const http::Request& request, std::string_view media) {
  std::string_view accept = http::Header(request, http::Field::accept);
  // Parameters may come in any order; compare the set of ;-separated parts.
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    std::string_view one =
        accept.substr(start, comma == std::string_view::npos ? accept.npos : comma - start);
    std::string compact;
    for (char c : one) {
      if (c != ' ') compact.push_back(c);
    }
    bool all = true;
    size_t p = 0;
    while (p <= media.size() && all) {
      size_t semi = media.find(';', p);
      std::string_view part =
          media.substr(p, semi == std::string_view::npos ? media.npos : semi - p);
      all = compact.find(part) != std::string::npos;
      if (semi == std::string_view::npos) break;
      p = semi + 1;
    }
    if (all && compact.rfind("application/json", 0) == 0) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

http::Response Aggregated(std::string_view media, std::string_view api_version,
                          const std::string& items) {
  std::string body = "{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"";
  body.append(api_version).append("\",\"metadata\":{},\"items\":").append(items).append("}");
  http::Response r = JsonResponse(200, std::move(body));
  r.head.set(http::Field::content_type, media);
  r.head.set(http::Field::vary, "Accept");
  return r;
}

}  // namespace

const Discovery::Documents& Discovery::Current() {
  // One snapshot for the whole build: the documents agree with each other
  // and with the generation they are tagged with.
  std::shared_ptr<const ResourceTable::Snapshot> table = table_.snapshot();
  if (docs_.generation == table->generation()) return docs_;
  docs_.generation = table->generation();
  docs_.aggregated_core = AggregatedItems(*table, {ApiGroup{"", {"v1"}}});
  std::vector<ApiGroup> groups = table->Groups();
  docs_.aggregated_apis = AggregatedItems(*table, groups);
  docs_.legacy_api =
      R"({"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":""}]})";
  std::string apis = R"({"kind":"APIGroupList","apiVersion":"v1","groups":[)";
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) apis += ",";
    apis += Group(groups[i]);
  }
  apis += "]}";
  docs_.legacy_apis = std::move(apis);
  return docs_;
}

std::string Discovery::Group(const ApiGroup& group) const {
  std::string out = "{\"name\":";
  AppendJsonString(group.name, &out);
  out += ",\"versions\":[";
  for (size_t i = 0; i < group.versions.size(); ++i) {
    out += i > 0 ? ",{\"groupVersion\":" : "{\"groupVersion\":";
    AppendJsonString(GroupVersion(group.name, group.versions[i]), &out);
    out += ",\"version\":";
    AppendJsonString(group.versions[i], &out);
    out += "}";
  }
  out += "],\"preferredVersion\":{\"groupVersion\":";
  AppendJsonString(GroupVersion(group.name, group.versions.front()), &out);
  out += ",\"version\":";
  AppendJsonString(group.versions.front(), &out);
  out += "}}";
  return out;
}

std::string Discovery::ResourceList(const ResourceTable::Snapshot& table, const std::string& group,
                                    const std::string& version) const {
  std::string out = R"({"kind":"APIResourceList","apiVersion":"v1","groupVersion":)";
  AppendJsonString(GroupVersion(group, version), &out);
  out += ",\"resources\":[";
  bool first = true;
  for (const ResourceInfo* r : table.InGroupVersion(group, version)) {
    out += first ? "{\"name\":" : ",{\"name\":";
    first = false;
    AppendJsonString(r->resource, &out);
    out += ",\"singularName\":";
    AppendJsonString(r->singular, &out);
    out += r->namespaced ? ",\"namespaced\":true,\"kind\":" : ",\"namespaced\":false,\"kind\":";
    AppendJsonString(r->kind, &out);
    out += ",\"verbs\":";
    AppendStrings(r->verbs, &out);
    if (!r->short_names.empty()) {
      out += ",\"shortNames\":";
      AppendStrings(r->short_names, &out);
    }
    if (!r->categories.empty()) {
      out += ",\"categories\":";
      AppendStrings(r->categories, &out);
    }
    out += "}";
    for (const SubresourceInfo& s : r->subresources) {
      out += ",{\"name\":";
      AppendJsonString(r->resource + "/" + s.name, &out);
      out += r->namespaced ? ",\"singularName\":\"\",\"namespaced\":true"
                           : ",\"singularName\":\"\",\"namespaced\":false";
      if (s.group != r->group || s.version != r->version) {
        out += ",\"group\":";
        AppendJsonString(s.group, &out);
        out += ",\"version\":";
        AppendJsonString(s.version, &out);
      }
      out += ",\"kind\":";
      AppendJsonString(s.kind, &out);
      out += ",\"verbs\":";
      AppendStrings(s.verbs, &out);
      out += "}";
    }
  }
  out += "]}";
  return out;
}

std::optional<http::Response> Discovery::Serve(const http::Request& request,
                                               const RequestInfo& info) {
  if (info.is_resource_request) return std::nullopt;
  const std::string& path = info.path;
  bool is_api = path == "/api" || path == "/api/";
  bool is_apis = path == "/apis" || path == "/apis/";
  if (is_api || is_apis) {
    std::lock_guard<std::mutex> lock(mu_);
    const Documents& d = Current();
    const std::string& items = is_api ? d.aggregated_core : d.aggregated_apis;
    if (Accepts(request, kAggregatedV2))
      return Aggregated(kAggregatedV2, "apidiscovery.k8s.io/v2", items);
    if (Accepts(request, kAggregatedV2Beta1)) {
      return Aggregated(kAggregatedV2Beta1, "apidiscovery.k8s.io/v2beta1", items);
    }
    return JsonResponse(200, is_api ? d.legacy_api : d.legacy_apis);
  }
  if (!info.api_prefix.empty() && !info.version.empty()) {
    // /api/v1 or /apis/<group>/<version>
    std::shared_ptr<const ResourceTable::Snapshot> table = table_.snapshot();
    if (table->InGroupVersion(info.group, info.version).empty()) return std::nullopt;
    return JsonResponse(200, ResourceList(*table, info.group, info.version));
  }
  // /apis/<group>
  if (path.rfind("/apis/", 0) == 0) {
    std::string group = path.substr(6);
    if (!group.empty() && group.back() == '/') group.pop_back();
    if (group.find('/') != std::string::npos) return std::nullopt;
    for (const ApiGroup& g : table_.Groups()) {
      if (g.name == group) {
        std::string body = Group(g);
        body.insert(1, R"("kind":"APIGroup","apiVersion":"v1",)");
        return JsonResponse(200, std::move(body));
      }
    }
  }
  return std::nullopt;
}

}  // namespace ekslite::apiserver
