#include "apiserver/resources/strategies.h"

namespace ekslite::apiserver {
namespace {

void SetPhase(Json& ns, std::string_view phase) {
  JsonValue& status = EnsureObject(ns, "status", ns.GetAllocator());
  SetString(status, "phase", phase, ns.GetAllocator());
}

// Every namespace carries kubernetes.io/metadata.name=<name>.
void SetNameLabel(Json& ns) {
  JsonValue& meta = EnsureObject(ns, "metadata", ns.GetAllocator());
  JsonValue& labels = EnsureObject(meta, "labels", ns.GetAllocator());
  SetString(labels, "kubernetes.io/metadata.name", StringAt(meta, "name"), ns.GetAllocator());
}

bool HasSpecFinalizers(const JsonValue& ns) {
  const JsonValue* f = Path(ns, "spec.finalizers");
  return f != nullptr && f->IsArray() && !f->Empty();
}

}  // namespace

Strategy NamespaceStrategy() {
  Strategy s;
  s.prepare_for_create = [](Json& ns, const WriteContext&) -> Status {
    JsonValue& spec = EnsureObject(ns, "spec", ns.GetAllocator());
    if (Member(spec, "finalizers") == nullptr) {
      JsonValue finalizers(rapidjson::kArrayType);
      finalizers.PushBack(MakeString("kubernetes", ns.GetAllocator()), ns.GetAllocator());
      SetMember(spec, "finalizers", std::move(finalizers), ns.GetAllocator());
    }
    RemoveMember(ns, "status");
    SetPhase(ns, "Active");
    SetNameLabel(ns);
    return Status::Ok();
  };
  s.prepare_for_update = [](Json& ns, const JsonValue& old, const WriteContext&) -> Status {
    SetNameLabel(ns);
    // The phase follows deletion, not the client.
    SetPhase(ns, Path(old, "metadata.deletionTimestamp") != nullptr ? "Terminating" : "Active");
    return Status::Ok();
  };
  s.begin_delete = [](Json& ns, std::optional<int64_t>, const WriteContext&) {
    SetPhase(ns, "Terminating");
    return HasSpecFinalizers(ns);
  };
  s.holds_deletion = HasSpecFinalizers;
  return s;
}

}  // namespace ekslite::apiserver
