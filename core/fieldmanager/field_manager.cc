#include "core/fieldmanager/field_manager.h"

#include <algorithm>
#include <optional>

#include "core/api/json_tree.h"
#include "core/fieldmanager/last_applied.h"
#include "core/fieldmanager/managed_fields.h"
#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

constexpr std::string_view kBeforeFirstApply = "before-first-apply";
constexpr std::string_view kKubectl = "kubectl";

ManagedEntry EntryFor(const Operation& op, std::string_view operation) {
  ManagedEntry e;
  e.manager = op.manager;
  e.operation = std::string(operation);
  e.api_version = op.api_version;
  e.subresource = op.subresource;
  return e;
}

ManagedEntry* Find(ManagedEntries& entries, const ManagedEntry& who) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const ManagedEntry& e) { return e.SameManager(who); });
  return it == entries.end() ? nullptr : &*it;
}

// The managed fields an update starts from (upstream's decodeLiveOrNew):
// a subresource write keeps the live ones; an explicit empty list (or one
// empty entry) resets them; otherwise the new object's, or else the live
// object's. nullopt when they cannot be decoded.
std::optional<ManagedEntries> StartingEntries(const JsonValue* live, const JsonValue& object,
                                              const Operation& op) {
  auto decode_live = [&]() -> std::optional<ManagedEntries> {
    auto entries = DecodeManagedFields(live != nullptr ? ManagedFieldsOf(*live) : nullptr);
    return entries.ok() ? std::optional(std::move(*entries)) : ManagedEntries();
  };
  if (!op.subresource.empty()) return decode_live();
  const JsonValue* sent = ManagedFieldsOf(object);
  if (sent != nullptr && sent->IsArray()) {
    if (sent->Empty()) return ManagedEntries();
    if (sent->Size() == 1 && (*sent)[0].IsObject() && (*sent)[0].ObjectEmpty()) {
      return ManagedEntries();
    }
  }
  auto entries = DecodeManagedFields(sent);
  if (!entries.ok() || entries->empty()) return decode_live();
  return std::move(*entries);
}

// The structured-merge update: `changed` fields go to `op`'s manager and are
// taken from every other manager; removed fields are nobody's.
void UpdateEntries(const JsonValue& before, const JsonValue& after, const Operation& op,
                   ManagedEntries* entries) {
  TypeRef root = TypeRef::Root(op.message);
  Comparison cmp = Compare(&before, &after, root);
  cmp.Exclude(op.ignored);
  FieldSet changed = cmp.added;
  changed.Union(cmp.modified);
  for (ManagedEntry& e : *entries) e.fields = e.fields.Difference(changed).Difference(cmp.removed);
  DropEmpty(entries);
  if (cmp.IsSame()) return;
  FieldSet mine = changed.Difference(cmp.removed).RecursiveDifference(op.ignored);
  mine = mine.Difference(ServerOwnedFields());
  if (mine.Empty()) return;
  ManagedEntry who = EntryFor(op, kUpdate);
  ManagedEntry* entry = Find(*entries, who);
  if (entry == nullptr) {
    entries->push_back(std::move(who));
    entry = &entries->back();
  }
  entry->fields.Union(mine);
  entry->time = op.now;
}

struct ApplyResult {
  Json object;
  ManagedEntries entries;
  std::vector<Conflict> conflicts;
};

// Upstream's Updater.Apply: merge, own the configuration's fields, prune what
// the applier dropped, then settle ownership with the other managers.
void ApplyOnce(const JsonValue& live, const JsonValue& config, const Operation& op, bool force,
               ManagedEntries entries, ApplyResult* out) {
  TypeRef root = TypeRef::Root(op.message);
  JsonAllocator& a = out->object.GetAllocator();
  JsonValue merged = Merge(&live, config, root, a);
  out->object.SetObject();
  static_cast<JsonValue&>(out->object) = std::move(merged);
  ManagedEntry who = EntryFor(op, kApply);
  ManagedEntry* mine = Find(entries, who);
  FieldSet last = mine != nullptr ? mine->fields : FieldSet();
  if (mine == nullptr) {
    entries.push_back(who);
    mine = &entries.back();
  }
  mine->fields = FieldsOf(config, root).RecursiveDifference(op.ignored);
  mine->api_version = op.api_version;
  // Only what the applier set last time and no longer sets can go; when it
  // dropped nothing (the usual re-apply), pruning would change nothing.
  if (!last.SubsetOf(mine->fields)) {
    FieldSet owned;
    for (const ManagedEntry& e : entries) owned.Union(e.fields);
    Prune(out->object, root, last, owned);
  }
  Comparison cmp = Compare(&live, &out->object, root);
  cmp.Exclude(op.ignored);
  FieldSet changed = cmp.added;
  changed.Union(cmp.modified);
  for (ManagedEntry& e : entries) {
    if (&e == mine) continue;
    FieldSet taken = e.fields.Intersection(changed);
    taken.ForEach([&](const Path& p) { out->conflicts.push_back({e.Describe(), p}); });
    e.fields = e.fields.Difference(taken).Difference(cmp.removed);
  }
  if (!force && !out->conflicts.empty()) return;
  out->conflicts.clear();
  mine->fields = mine->fields.Difference(ServerOwnedFields());
  if (!api::JsonEqual(live, out->object)) mine->time = op.now;
  DropEmpty(&entries);
  CapUpdateManagers(&entries);
  out->entries = std::move(entries);
}

// `namespace/name; group/version, Kind=kind` of an object, as upstream names
// objects in the errors of the field manager.
std::string ObjectIdentity(const JsonValue& object) {
  std::string_view api_version = StringAt(object, "apiVersion");
  std::string gv(api_version);
  if (api_version.find('/') == std::string_view::npos) gv = "/" + gv;
  return std::string(StringAt(object, "metadata.namespace")) + "/" +
         std::string(StringAt(object, "metadata.name")) + "; " + gv +
         ", Kind=" + std::string(StringAt(object, "kind"));
}

std::vector<Conflict> Disallowed(const std::vector<Conflict>& conflicts, const FieldSet& allowed) {
  std::vector<Conflict> out;
  for (const Conflict& c : conflicts) {
    if (!allowed.Has(c.path)) out.push_back(c);
  }
  return out;
}

}  // namespace

FieldSet ResetFields(bool has_status, std::string_view subresource) {
  FieldSet out;
  if (subresource == "status") {
    out.Insert({"f:spec"});
  } else if (has_status && subresource.empty()) {
    out.Insert({"f:status"});
  }
  return out;
}

void RecordUpdate(const JsonValue* live, Json& object, const Operation& op) {
  if (!object.IsObject()) return;
  std::optional<ManagedEntries> entries = StartingEntries(live, object, op);
  if (JsonValue* meta = Member(object, "metadata")) RemoveMember(*meta, "managedFields");
  // Updates of untracked objects stay untracked; creates start tracking.
  if (!entries.has_value() || (entries->empty() && live != nullptr)) return;
  if (live != nullptr) {
    UpdateEntries(*live, object, op, &*entries);
  } else {
    Json zero = ZeroObject(op.typed_zero_object ? op.message : nullptr);
    UpdateEntries(zero, object, op, &*entries);
  }
  CapUpdateManagers(&*entries);
  EncodeManagedFields(std::move(*entries), object);
}

StatusOr<Json> Apply(const JsonValue* live, const JsonValue& config, const Operation& op,
                     bool force) {
  if (const JsonValue* mf = ManagedFieldsOf(config); mf != nullptr && !mf->IsNull()) {
    return Status::BadRequest("metadata.managedFields must be nil");
  }
  if (Status s = CheckConfig(config, TypeRef::Root(op.message)); !s.ok()) {
    return Status::BadRequest("failed to create typed patch object (" + ObjectIdentity(config) +
                              "): " + s.message());
  }
  Json empty(rapidjson::kObjectType);
  const JsonValue& base = live != nullptr ? *live : empty;
  ManagedEntries entries;
  if (auto decoded = DecodeManagedFields(ManagedFieldsOf(base)); decoded.ok()) {
    entries = std::move(*decoded);
  }
  if (entries.empty() && live != nullptr) {
    // The first apply to an untracked object: its fields so far are owned.
    Operation before = op;
    before.manager = std::string(kBeforeFirstApply);
    Json zero = ZeroObject(op.typed_zero_object ? op.message : nullptr);
    UpdateEntries(zero, *live, before, &entries);
  }
  ApplyResult result;
  ApplyOnce(base, config, op, force, entries, &result);
  if (!result.conflicts.empty() && op.manager == kKubectl) {
    // Client-side apply's fields that still hold their last-applied values
    // may be taken over by kubectl's server-side apply.
    std::vector<Conflict> left = Disallowed(
        result.conflicts, AllowedConflicts(base, TypeRef::Root(op.message), op.api_version));
    if (!left.empty()) return ConflictError(left);
    result = ApplyResult();
    ApplyOnce(base, config, op, true, entries, &result);
  }
  if (!result.conflicts.empty()) return ConflictError(result.conflicts);
  // kubectl's server-side apply keeps client-side apply's annotation, where
  // the object has one, in step with what it applies.
  if (op.manager == kKubectl && HasLastApplied(result.object)) {
    SetLastApplied(result.object, config);
  }
  EncodeManagedFields(std::move(result.entries), result.object);
  return std::move(result.object);
}

}  // namespace ekslite::fieldmanager
