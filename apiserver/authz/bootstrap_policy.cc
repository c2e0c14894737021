#include "apiserver/authz/bootstrap_policy.h"

#include "apiserver/authz/rbac_index.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

constexpr char kAutoupdate[] = "rbac.authorization.kubernetes.io/autoupdate";

// Adds to `existing[name]` (an array) every item of `expected[name]` it does
// not already hold. Returns true when something was added.
bool UnionArray(JsonValue& existing, const JsonValue& expected, std::string_view name,
                JsonAllocator& a) {
  const JsonValue* want = Member(expected, name);
  if (want == nullptr || !want->IsArray()) return false;
  JsonValue* have = Member(existing, name);
  if (have == nullptr || !have->IsArray()) {
    SetMember(existing, name, JsonValue(rapidjson::kArrayType), a);
    have = Member(existing, name);
  }
  bool changed = false;
  for (const JsonValue& item : want->GetArray()) {
    bool found = false;
    for (const JsonValue& h : have->GetArray()) found = found || h == item;
    if (!found) {
      have->PushBack(JsonValue(item, a), a);
      changed = true;
    }
  }
  return changed;
}

// Adds the labels and annotations of `expected` that `existing` lacks.
bool UnionMetadata(Json& existing, const JsonValue& expected) {
  bool changed = false;
  JsonAllocator& a = existing.GetAllocator();
  for (const char* field : {"labels", "annotations"}) {
    const JsonValue* want = Path(expected, std::string("metadata.") + field);
    if (want == nullptr || !want->IsObject()) continue;
    JsonValue& have = EnsureObject(EnsureObject(existing, "metadata", a), field, a);
    for (const auto& m : want->GetObject()) {
      if (Member(have, View(m.name)) != nullptr) continue;
      SetString(have, View(m.name), View(m.value), a);
      changed = true;
    }
  }
  return changed;
}

// The reconciliation of one existing object; false when nothing changes.
bool Reconcile(Json& existing, const JsonValue& expected, bool binding) {
  JsonAllocator& a = existing.GetAllocator();
  bool changed = UnionMetadata(existing, expected);
  if (binding) return UnionArray(existing, expected, "subjects", a) || changed;
  // Aggregated roles get their rules from the aggregator, not from here.
  if (const JsonValue* agg = Member(expected, "aggregationRule")) {
    JsonValue& have = EnsureObject(existing, "aggregationRule", a);
    return UnionArray(have, *agg, "clusterRoleSelectors", a) || changed;
  }
  return UnionArray(existing, expected, "rules", a) || changed;
}

Status Ensure(const ResourceInfo& info, Registry& registry, const Json& expected, bool binding) {
  std::string name(StringAt(expected, "metadata.name"));
  WriteOptions options;
  options.user = "system:apiserver";
  options.field_manager = "rbac-bootstrap";
  auto current = registry.Get(info, "", name);
  if (!current.ok()) {
    Json copy;
    copy.CopyFrom(expected, copy.GetAllocator());
    auto created = registry.Create(info, "", std::move(copy), options);
    if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
    Logger("authz")->info("created bootstrap {} {}", info.kind, name);
    return Status::Ok();
  }
  bool changed = false;
  auto result = registry.Mutate(
      info, "", name,
      [&](Json& object) -> Status {
        const JsonValue* annotations = Path(object, "metadata.annotations");
        const JsonValue* autoupdate = annotations ? Member(*annotations, kAutoupdate) : nullptr;
        if (autoupdate != nullptr && View(*autoupdate) == "false") {
          changed = false;  // the user took this object over
          return Status::Ok();
        }
        changed = Reconcile(object, expected, binding);
        return Status::Ok();
      },
      options);
  if (!result.ok()) return result.status();
  if (changed) Logger("authz")->info("reconciled bootstrap {} {}", info.kind, name);
  return Status::Ok();
}

}  // namespace

Status ReconcileBootstrapPolicy(const ResourceTable& table, Registry& registry) {
  const ResourceInfo* roles = table.Find(kRbacGroup, "v1", "clusterroles");
  const ResourceInfo* bindings = table.Find(kRbacGroup, "v1", "clusterrolebindings");
  if (roles == nullptr || bindings == nullptr) return Status::Internal("RBAC is not registered");
  for (const Json& role : BootstrapClusterRoles()) {
    EKS_RETURN_IF_ERROR(Ensure(*roles, registry, role, false));
  }
  for (const Json& binding : BootstrapClusterRoleBindings()) {
    EKS_RETURN_IF_ERROR(Ensure(*bindings, registry, binding, true));
  }
  return Status::Ok();
}

}  // namespace ekslite::apiserver
