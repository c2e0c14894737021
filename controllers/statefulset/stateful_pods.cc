#include "controllers/statefulset/stateful_pods.h"

#include <cstdlib>

#include "controllers/common/controller_ref.h"
#include "controllers/statefulset/controller_revision.h"

namespace ekslite::controllers::statefulset {
namespace {

// Replaces (or adds) the pod volume `name` with one using claim `claim`.
void UseClaim(JsonValue& spec, std::string_view name, const std::string& claim, JsonAllocator& a) {
  JsonValue* volumes = Member(spec, "volumes");
  if (volumes == nullptr || !volumes->IsArray()) {
    SetMember(spec, "volumes", JsonValue(rapidjson::kArrayType), a);
    volumes = Member(spec, "volumes");
  }
  JsonValue volume(rapidjson::kObjectType);
  volume.AddMember("name", MakeString(name, a), a);
  JsonValue source(rapidjson::kObjectType);
  source.AddMember("claimName", MakeString(claim, a), a);
  volume.AddMember("persistentVolumeClaim", std::move(source), a);
  for (JsonValue& v : volumes->GetArray()) {
    if (StringAt(v, "name") == name) {
      v = std::move(volume);
      return;
    }
  }
  volumes->PushBack(std::move(volume), a);
}

}  // namespace

std::string PodName(std::string_view set, int64_t ordinal) {
  return std::string(set) + "-" + std::to_string(ordinal);
}

std::optional<int64_t> OrdinalOf(std::string_view set, std::string_view pod) {
  if (pod.size() <= set.size() + 1 || pod.substr(0, set.size()) != set || pod[set.size()] != '-') {
    return std::nullopt;
  }
  std::string rest(pod.substr(set.size() + 1));
  char* end = nullptr;
  long long n = std::strtoll(rest.c_str(), &end, 10);
  if (end == rest.c_str() || *end != '\0' || n < 0 || std::to_string(n) != rest) {
    return std::nullopt;
  }
  return n;
}

std::string ClaimName(std::string_view claim, std::string_view set, int64_t ordinal) {
  return std::string(claim) + "-" + PodName(set, ordinal);
}

Json PodForOrdinal(const JsonValue& set, const JsonValue& template_, int64_t ordinal,
                   std::string_view revision_hash) {
  std::string set_name(StringAt(set, "metadata.name"));
  std::string name = PodName(set_name, ordinal);
  Json pod(rapidjson::kObjectType);
  JsonAllocator& a = pod.GetAllocator();
  SetString(pod, "apiVersion", "v1", a);
  SetString(pod, "kind", "Pod", a);
  JsonValue& meta = EnsureObject(pod, "metadata", a);
  SetString(meta, "name", name, a);
  SetString(meta, "namespace", StringAt(set, "metadata.namespace"), a);
  for (const char* m : {"labels", "annotations"}) {
    const JsonValue* from = Path(template_, std::string("metadata.") + m);
    if (from != nullptr && from->IsObject()) SetMember(meta, m, JsonValue(*from, a), a);
  }
  JsonValue& labels = EnsureObject(meta, "labels", a);
  SetString(labels, kPodNameLabel, name, a);
  SetString(labels, kPodIndexLabel, std::to_string(ordinal), a);
  SetString(labels, kControllerRevisionHashLabel, revision_hash, a);
  AddOwnerRef(pod, MakeControllerRef(set, "apps/v1", "StatefulSet"), a);
  const JsonValue* spec = Member(template_, "spec");
  SetMember(
      pod, "spec",
      spec != nullptr && spec->IsObject() ? JsonValue(*spec, a) : JsonValue(rapidjson::kObjectType),
      a);
  JsonValue& pod_spec = pod["spec"];
  SetString(pod_spec, "hostname", name, a);
  if (std::string_view service = StringAt(set, "spec.serviceName"); !service.empty()) {
    SetString(pod_spec, "subdomain", service, a);
  }
  const JsonValue* claims = Path(set, "spec.volumeClaimTemplates");
  if (claims != nullptr && claims->IsArray()) {
    for (const JsonValue& c : claims->GetArray()) {
      std::string_view claim = StringAt(c, "metadata.name");
      UseClaim(pod_spec, claim, ClaimName(claim, set_name, ordinal), a);
    }
  }
  return pod;
}

std::vector<Json> ClaimsForOrdinal(const JsonValue& set, int64_t ordinal) {
  std::vector<Json> out;
  const JsonValue* claims = Path(set, "spec.volumeClaimTemplates");
  if (claims == nullptr || !claims->IsArray()) return out;
  std::string set_name(StringAt(set, "metadata.name"));
  bool owned = StringAt(set, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted") == "Delete";
  for (const JsonValue& c : claims->GetArray()) {
    Json claim(rapidjson::kObjectType);
    JsonAllocator& a = claim.GetAllocator();
    SetString(claim, "apiVersion", "v1", a);
    SetString(claim, "kind", "PersistentVolumeClaim", a);
    JsonValue& meta = EnsureObject(claim, "metadata", a);
    SetString(meta, "name", ClaimName(StringAt(c, "metadata.name"), set_name, ordinal), a);
    SetString(meta, "namespace", StringAt(set, "metadata.namespace"), a);
    if (const JsonValue* l = Path(c, "metadata.labels"); l != nullptr && l->IsObject()) {
      SetMember(meta, "labels", JsonValue(*l, a), a);
    }
    if (const JsonValue* s = Path(set, "spec.selector.matchLabels");
        s != nullptr && s->IsObject()) {
      JsonValue& labels = EnsureObject(meta, "labels", a);
      for (const auto& m : s->GetObject())
        SetMember(labels, View(m.name), JsonValue(m.value, a), a);
    }
    if (owned) AddOwnerRef(claim, MakeControllerRef(set, "apps/v1", "StatefulSet"), a);
    const JsonValue* spec = Member(c, "spec");
    SetMember(claim, "spec",
              spec != nullptr && spec->IsObject() ? JsonValue(*spec, a)
                                                  : JsonValue(rapidjson::kObjectType),
              a);
    out.push_back(std::move(claim));
  }
  return out;
}

}  // namespace ekslite::controllers::statefulset
