#include "apiserver/crd/crd_status.h"

#include <optional>

#include "apiserver/crd/crd_model.h"

namespace ekslite::apiserver {
namespace {

// Upstream's rule: a name is fine when unchanged from the accepted one or
// unused by others; otherwise `"<name>" is already in use`.
std::optional<std::string> Conflict(const std::string& requested, const std::string& accepted,
                                    const std::set<std::string>& used) {
  if (requested == accepted || used.count(requested) == 0) return std::nullopt;
  return "\"" + requested + "\" is already in use";
}

JsonValue StringArray(const std::vector<std::string>& values, JsonAllocator& a) {
  JsonValue out(rapidjson::kArrayType);
  for (const std::string& v : values) out.PushBack(MakeString(v, a), a);
  return out;
}

// acceptedNames in upstream's member order (empty members omitted).
JsonValue NamesJson(const CrdNames& n, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  SetString(out, "plural", n.plural, a);
  if (!n.singular.empty()) SetString(out, "singular", n.singular, a);
  if (!n.short_names.empty()) SetMember(out, "shortNames", StringArray(n.short_names, a), a);
  SetString(out, "kind", n.kind, a);
  if (!n.list_kind.empty()) SetString(out, "listKind", n.list_kind, a);
  if (!n.categories.empty()) SetMember(out, "categories", StringArray(n.categories, a), a);
  return out;
}

struct NamesResult {
  CrdNames accepted;
  std::string reason, message;  // empty reason: no conflict
};

void Check(const std::optional<std::string>& conflict, const char* reason, NamesResult* r) {
  if (!conflict) return;
  r->reason = reason;
  r->message = *conflict;
}

NamesResult Accept(const CrdNames& requested, const CrdNames& accepted, const NamesInUse& used) {
  NamesResult r;
  r.accepted = accepted;
  auto plural = Conflict(requested.plural, accepted.plural, used.resources);
  Check(plural, "PluralConflict", &r);
  if (!plural) r.accepted.plural = requested.plural;
  auto singular = Conflict(requested.singular, accepted.singular, used.resources);
  Check(singular, "SingularConflict", &r);
  if (!singular) r.accepted.singular = requested.singular;
  bool shorts_ok = true;
  std::set<std::string> had(accepted.short_names.begin(), accepted.short_names.end());
  for (const std::string& s : requested.short_names) {
    if (had.count(s) != 0) continue;
    auto c = Conflict(s, "", used.resources);
    Check(c, "ShortNamesConflict", &r);
    shorts_ok = shorts_ok && !c;
  }
  if (shorts_ok) r.accepted.short_names = requested.short_names;
  auto kind = Conflict(requested.kind, accepted.kind, used.kinds);
  Check(kind, "KindConflict", &r);
  if (!kind) r.accepted.kind = requested.kind;
  auto list_kind = Conflict(requested.list_kind, accepted.list_kind, used.kinds);
  Check(list_kind, "ListKindConflict", &r);
  if (!list_kind) r.accepted.list_kind = requested.list_kind;
  r.accepted.categories = requested.categories;
  return r;
}

}  // namespace

NamesInUse NamesInGroup(const ResourceTable& table, const std::string& group,
                        const std::string& own_plural) {
  NamesInUse out;
  std::shared_ptr<const ResourceTable::Snapshot> snapshot = table.snapshot();
  for (const ResourceInfo* r : snapshot->All()) {
    bool own = r->custom_schema != nullptr && r->storage_resource == own_plural;
    if (r->group != group || own) continue;
    out.resources.insert(r->resource);
    if (!r->singular.empty()) out.resources.insert(r->singular);
    out.resources.insert(r->short_names.begin(), r->short_names.end());
    out.kinds.insert(r->kind);
    out.kinds.insert(r->kind + "List");
  }
  return out;
}

void SetCondition(Json& crd, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, Clock::time_point now) {
  JsonAllocator& a = crd.GetAllocator();
  JsonValue& st = EnsureObject(crd, "status", a);
  JsonValue* conditions = Member(st, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) {
    SetMember(st, "conditions", JsonValue(rapidjson::kArrayType), a);
    conditions = Member(st, "conditions");
  }
  JsonValue c(rapidjson::kObjectType);
  SetString(c, "type", type, a);
  SetString(c, "status", status, a);
  std::string when = FormatRfc3339(now);
  for (JsonValue& old : conditions->GetArray()) {
    if (StringAt(old, "type") != type) continue;
    if (StringAt(old, "status") == status && !StringAt(old, "lastTransitionTime").empty()) {
      when = StringAt(old, "lastTransitionTime");
    }
    SetString(c, "lastTransitionTime", when, a);
    SetString(c, "reason", reason, a);
    SetString(c, "message", message, a);
    old = c;
    return;
  }
  SetString(c, "lastTransitionTime", when, a);
  SetString(c, "reason", reason, a);
  SetString(c, "message", message, a);
  conditions->PushBack(c, a);
}

void UpdateNamesStatus(Json& crd, const NamesInUse& in_use, Clock::time_point now) {
  CrdNames requested = ReadNames(Path(crd, "spec.names"));
  CrdNames accepted = ReadNames(Path(crd, "status.acceptedNames"));
  NamesResult r = Accept(requested, accepted, in_use);
  JsonAllocator& a = crd.GetAllocator();
  bool was_established = ConditionTrue(crd, "Established");
  if (r.reason.empty()) {
    SetCondition(crd, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
  } else {
    SetCondition(crd, "NamesAccepted", "False", r.reason, r.message, now);
  }
  if (r.reason.empty() && !was_established) {
    SetCondition(crd, "Established", "True", "InitialNamesAccepted",
                 "the initial names have been accepted", now);
  } else if (!was_established) {
    SetCondition(crd, "Established", "False", "NotAccepted", "not all names are accepted", now);
  }
  JsonValue& status = EnsureObject(crd, "status", a);
  SetMember(status, "acceptedNames", NamesJson(r.accepted, a), a);
}

void EnsureStoredVersion(Json& crd) {
  JsonAllocator& a = crd.GetAllocator();
  std::string storage;
  if (const JsonValue* vs = Path(crd, "spec.versions"); vs && vs->IsArray()) {
    for (const JsonValue& v : vs->GetArray()) {
      const JsonValue* s = Member(v, "storage");
      if (s != nullptr && s->IsBool() && s->GetBool()) {
        storage = StringAt(v, "name");
        break;
      }
    }
  }
  if (storage.empty()) return;
  JsonValue& status = EnsureObject(crd, "status", a);
  JsonValue* stored = Member(status, "storedVersions");
  if (stored == nullptr || !stored->IsArray()) {
    SetMember(status, "storedVersions", JsonValue(rapidjson::kArrayType), a);
    stored = Member(status, "storedVersions");
  }
  for (const JsonValue& v : stored->GetArray()) {
    if (View(v) == storage) return;
  }
  stored->PushBack(MakeString(storage, a), a);
}

}  // namespace ekslite::apiserver
