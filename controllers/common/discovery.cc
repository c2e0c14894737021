#include "controllers/common/discovery.h"

#include <algorithm>

#include "core/client/api_error.h"
#include "core/json.h"

namespace ekslite::controllers {
namespace {

StatusOr<Json> GetJson(client::Transport& transport, const std::string& target) {
  http::Request request(http::Verb::get, target, 11);
  request.set(http::Field::accept, "application/json");
  EKS_ASSIGN_OR_RETURN(http::Response response, transport.RoundTrip(request));
  EKS_RETURN_IF_ERROR(client::StatusFromResponse(response.head));
  return ParseJson(response.head.body());
}

void AddResources(const JsonValue& list, const std::string& group, const std::string& version,
                  std::vector<DiscoveredResource>* out) {
  const JsonValue* resources = Member(list, "resources");
  if (resources == nullptr || !resources->IsArray()) return;
  for (const JsonValue& r : resources->GetArray()) {
    std::string name(StringAt(r, "name"));
    if (name.empty() || name.find('/') != std::string::npos) continue;
    DiscoveredResource d;
    d.resource = {group, version, name};
    d.kind = std::string(StringAt(r, "kind"));
    const JsonValue* namespaced = Member(r, "namespaced");
    d.namespaced = namespaced != nullptr && namespaced->IsBool() && namespaced->GetBool();
    if (const JsonValue* verbs = Member(r, "verbs"); verbs != nullptr && verbs->IsArray()) {
      for (const JsonValue& v : verbs->GetArray()) d.verbs.emplace_back(View(v));
    }
    out->push_back(std::move(d));
  }
}

}  // namespace

bool DiscoveredResource::Supports(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

StatusOr<std::vector<DiscoveredResource>> DiscoverResources(client::Transport& transport) {
  std::vector<DiscoveredResource> out;
  EKS_ASSIGN_OR_RETURN(Json core, GetJson(transport, "/api/v1"));
  AddResources(core, "", "v1", &out);
  EKS_ASSIGN_OR_RETURN(Json groups, GetJson(transport, "/apis"));
  const JsonValue* list = Member(groups, "groups");
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& group : list->GetArray()) {
    std::string name(StringAt(group, "name"));
    std::string version(StringAt(group, "preferredVersion.version"));
    if (version.empty()) {
      const JsonValue* versions = Member(group, "versions");
      if (versions == nullptr || !versions->IsArray() || versions->Empty()) continue;
      version = std::string(StringAt((*versions)[0], "version"));
    }
    auto resources = GetJson(transport, "/apis/" + name + "/" + version);
    if (!resources.ok()) {
      return Status::Unavailable("discovery of " + name + "/" + version +
                                 " failed: " + resources.status().message());
    }
    AddResources(*resources, name, version, &out);
  }
  return out;
}

}  // namespace ekslite::controllers
