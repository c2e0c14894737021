#include "controllers/statefulset/controller_revision.h"

#include <cstdint>

#include "controllers/common/controller_ref.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

std::string SafeEncode(std::string_view text) {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (char c : text) out += kAlphabet[static_cast<unsigned char>(c) % kAlphabet.size()];
  return out;
}

}  // namespace

Json RevisionData(const JsonValue& owner) {
  Json data(rapidjson::kObjectType);
  JsonAllocator& a = data.GetAllocator();
  JsonValue tmpl(rapidjson::kObjectType);
  if (const JsonValue* t = Path(owner, "spec.template"); t != nullptr && t->IsObject()) {
    tmpl.CopyFrom(*t, a);
  }
  SetString(tmpl, "$patch", "replace", a);
  JsonValue spec(rapidjson::kObjectType);
  spec.AddMember("template", std::move(tmpl), a);
  data.AddMember("spec", std::move(spec), a);
  return data;
}

std::string RevisionHash(const JsonValue& data) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : ToJsonString(data)) {
    hash ^= c;
    hash *= 16777619u;
  }
  return SafeEncode(std::to_string(hash));
}

std::string HashOfRevision(const JsonValue& revision) {
  std::string_view label = StringAt(revision, "metadata.labels.controller-revision-hash");
  if (!label.empty()) return std::string(label);
  std::string_view name = StringAt(revision, "metadata.name");
  size_t dash = name.rfind('-');
  return std::string(dash == std::string_view::npos ? name : name.substr(dash + 1));
}

StatusOr<Revisions> SyncRevisions(const client::DynamicClient& client, const JsonValue& owner,
                                  std::string_view api_version, std::string_view kind,
                                  const std::vector<client::ObjectPtr>& owned) {
  Revisions out;
  Json data = RevisionData(owner);
  std::string hash = RevisionHash(data);
  std::string name = std::string(StringAt(owner, "metadata.name")) + "-" + hash;
  std::string_view current_name = StringAt(owner, "status.currentRevision");
  for (const client::ObjectPtr& r : owned) {
    out.next_number = std::max(out.next_number, IntAt(*r, "revision").value_or(0) + 1);
    if (StringAt(*r, "metadata.name") == name) out.update = r;
    if (!current_name.empty() && StringAt(*r, "metadata.name") == current_name) out.current = r;
  }
  if (out.update == nullptr) {
    Json revision(rapidjson::kObjectType);
    JsonAllocator& a = revision.GetAllocator();
    SetString(revision, "apiVersion", "apps/v1", a);
    SetString(revision, "kind", "ControllerRevision", a);
    JsonValue& meta = EnsureObject(revision, "metadata", a);
    SetString(meta, "name", name, a);
    SetString(meta, "namespace", StringAt(owner, "metadata.namespace"), a);
    if (const JsonValue* labels = Path(owner, "spec.selector.matchLabels");
        labels != nullptr && labels->IsObject()) {
      SetMember(meta, "labels", JsonValue(*labels, a), a);
    }
    SetString(EnsureObject(meta, "labels", a), kControllerRevisionHashLabel, hash, a);
    AddOwnerRef(revision, MakeControllerRef(owner, api_version, kind), a);
    SetMember(revision, "data", JsonValue(data, a), a);
    SetInt(revision, "revision", out.next_number, a);
    auto created = client
                       .Resource(client::resources::kControllerRevisions,
                                 std::string(StringAt(owner, "metadata.namespace")))
                       .Create(revision);
    if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
    if (created.ok()) {
      out.update = client::FreezeObject(*created);
    } else {
      out.update = client::FreezeObject(revision);
    }
    ++out.next_number;
  }
  if (out.current == nullptr) out.current = out.update;
  return out;
}

}  // namespace ekslite::controllers
