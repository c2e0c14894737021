#include "core/fieldmanager/managed_fields.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/api/go_format.h"

namespace ekslite::fieldmanager {
namespace {

std::string StringMember(const JsonValue& entry, std::string_view name) {
  return std::string(StringAt(entry, name));
}

StatusOr<ManagedEntry> DecodeEntry(const JsonValue& e) {
  if (!e.IsObject()) return Status::BadRequest("managedFields entries must be objects");
  ManagedEntry out;
  out.manager = StringMember(e, "manager");
  out.operation = StringMember(e, "operation");
  out.api_version = StringMember(e, "apiVersion");
  out.time = StringMember(e, "time");
  out.subresource = StringMember(e, "subresource");
  std::string_view type = StringAt(e, "fieldsType");
  if (type != "FieldsV1") {
    return Status::BadRequest("error decoding managed fields: unsupported fieldsType \"" +
                              std::string(type) + "\"");
  }
  if (const JsonValue* f = Member(e, "fieldsV1"); f != nullptr && !f->IsNull()) {
    EKS_ASSIGN_OR_RETURN(out.fields, FieldSet::FromFieldsV1(*f));
  }
  return out;
}

JsonValue EncodeEntry(const ManagedEntry& e, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  out.AddMember("manager", MakeString(e.manager, a), a);
  out.AddMember("operation", MakeString(e.operation, a), a);
  out.AddMember("apiVersion", MakeString(e.api_version, a), a);
  if (!e.time.empty()) out.AddMember("time", MakeString(e.time, a), a);
  out.AddMember("fieldsType", "FieldsV1", a);
  out.AddMember("fieldsV1", e.fields.ToFieldsV1(a), a);
  if (!e.subresource.empty()) out.AddMember("subresource", MakeString(e.subresource, a), a);
  return out;
}

bool EncodedBefore(const ManagedEntry& p, const ManagedEntry& q) {
  if (p.operation != q.operation) return p.operation < q.operation;
  // RFC 3339 times in UTC ("Z") order as strings; "" (no time) is oldest.
  std::string_view pt = std::string_view(p.time).substr(0, 19);
  std::string_view qt = std::string_view(q.time).substr(0, 19);
  if (pt != qt) return pt < qt;
  if (p.manager != q.manager) return p.manager < q.manager;
  if (p.api_version != q.api_version) return p.api_version < q.api_version;
  return p.subresource < q.subresource;
}

}  // namespace

bool ManagedEntry::SameManager(const ManagedEntry& other) const {
  if (manager != other.manager || operation != other.operation ||
      subresource != other.subresource) {
    return false;
  }
  return applied() || api_version == other.api_version;
}

std::string ManagedEntry::Describe() const {
  std::string out = api::GoQuote(manager);
  if (!subresource.empty()) out += " with subresource " + api::GoQuote(subresource);
  if (operation == kUpdate) out += " using " + api_version;
  return out;
}

StatusOr<ManagedEntries> DecodeManagedFields(const JsonValue* list) {
  ManagedEntries out;
  if (list == nullptr || list->IsNull()) return out;
  if (!list->IsArray()) return Status::BadRequest("metadata.managedFields must be a list");
  for (const JsonValue& e : list->GetArray()) {
    EKS_ASSIGN_OR_RETURN(ManagedEntry entry, DecodeEntry(e));
    auto same = std::find_if(out.begin(), out.end(),
                             [&](const ManagedEntry& x) { return x.SameManager(entry); });
    if (same == out.end()) {
      out.push_back(std::move(entry));
    } else {
      same->fields.Union(entry.fields);
    }
  }
  return out;
}

const JsonValue* ManagedFieldsOf(const JsonValue& object) {
  const JsonValue* meta = Member(object, "metadata");
  return meta != nullptr ? Member(*meta, "managedFields") : nullptr;
}

void EncodeManagedFields(ManagedEntries entries, Json& object) {
  JsonAllocator& a = object.GetAllocator();
  if (!object.IsObject()) return;
  if (entries.empty()) {
    if (JsonValue* meta = Member(object, "metadata")) RemoveMember(*meta, "managedFields");
    return;
  }
  std::stable_sort(entries.begin(), entries.end(), EncodedBefore);
  JsonValue list(rapidjson::kArrayType);
  for (const ManagedEntry& e : entries) list.PushBack(EncodeEntry(e, a), a);
  SetMember(EnsureObject(object, "metadata", a), "managedFields", std::move(list), a);
}

void DropEmpty(ManagedEntries* entries) {
  entries->erase(std::remove_if(entries->begin(), entries->end(),
                                [](const ManagedEntry& e) { return e.fields.Empty(); }),
                 entries->end());
}

void CapUpdateManagers(ManagedEntries* entries, size_t max) {
  std::vector<size_t> updaters;
  for (size_t i = 0; i < entries->size(); ++i) {
    if (!(*entries)[i].applied()) updaters.push_back(i);
  }
  if (updaters.size() <= max) return;
  // Oldest first (by the second), then by manager.
  std::stable_sort(updaters.begin(), updaters.end(), [&](size_t p, size_t q) {
    const ManagedEntry& a = (*entries)[p];
    const ManagedEntry& b = (*entries)[q];
    std::string_view at = std::string_view(a.time).substr(0, 19);
    std::string_view bt = std::string_view(b.time).substr(0, 19);
    if (at != bt) return at < bt;
    return a.manager < b.manager;
  });
  // The oldest entries merge into one "ancient-changes" entry per API
  // version: an existing one, or else the first (oldest) entry of that
  // version once a second one must merge. The bucket takes the time of the
  // last entry merged into it.
  auto is_bucket = [&](size_t i, const std::string& version) {
    const ManagedEntry& e = (*entries)[i];
    return e.manager == kAncientChanges && e.subresource.empty() && e.api_version == version;
  };
  std::map<std::string, size_t> first_of_version;
  std::vector<bool> dropped(entries->size(), false);
  size_t remaining = updaters.size();
  for (size_t k = 0; k < updaters.size() && remaining > max; ++k) {
    size_t i = updaters[k];
    const std::string version = (*entries)[i].api_version;
    std::optional<size_t> bucket;
    for (size_t j = 0; j < entries->size() && !bucket; ++j) {
      if (j != i && !dropped[j] && is_bucket(j, version)) bucket = j;
    }
    if (!bucket) {
      auto first = first_of_version.find(version);
      if (first == first_of_version.end()) {
        first_of_version.emplace(version, i);
        continue;
      }
      bucket = first->second;
      ManagedEntry& b = (*entries)[*bucket];
      b.manager = std::string(kAncientChanges);
      b.subresource.clear();
    }
    ManagedEntry& b = (*entries)[*bucket];
    b.fields.Union((*entries)[i].fields);
    b.time = (*entries)[i].time;
    dropped[i] = true;
    --remaining;
  }
  size_t out = 0;
  for (size_t i = 0; i < entries->size(); ++i) {
    if (dropped[i]) continue;
    if (out != i) (*entries)[out] = std::move((*entries)[i]);
    ++out;
  }
  entries->resize(out);
}

const FieldSet& ServerOwnedFields() {
  static const FieldSet* kSet = [] {
    auto* s = new FieldSet();
    s->Insert({"f:apiVersion"});
    s->Insert({"f:kind"});
    s->Insert({"f:metadata"});
    for (std::string_view f : {"name", "namespace", "creationTimestamp", "selfLink", "uid",
                               "clusterName", "generation", "managedFields", "resourceVersion"}) {
      s->Insert({"f:metadata", FieldElement(f)});
    }
    return s;
  }();
  return *kSet;
}

}  // namespace ekslite::fieldmanager
