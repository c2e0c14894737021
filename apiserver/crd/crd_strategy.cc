#include "apiserver/crd/crd_strategy.h"

#include <algorithm>
#include <cctype>

#include "apiserver/crd/crd_model.h"
#include "apiserver/crd/crd_status.h"
#include "apiserver/crd/crd_validation.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

// The names status is computed only for names that could be served: the
// create or update is refused otherwise, and its status must not add errors
// of its own (status.acceptedNames would repeat spec.names' problems).
bool NamesUsable(const JsonValue& crd) {
  const JsonValue* names = Path(crd, "spec.names");
  if (names == nullptr || StringAt(*names, "plural").empty() || StringAt(*names, "kind").empty() ||
      StringAt(crd, "spec.group").empty()) {
    return false;
  }
  api::ErrorList errors;
  ValidateNames(names, api::FieldPath("spec").Child("names"), &errors);
  return errors.empty();
}

void UpdateStatus(Json& crd, const ResourceTable* table, Clock::time_point now) {
  EnsureStoredVersion(crd);
  if (!NamesUsable(crd)) return;
  std::string group(StringAt(crd, "spec.group"));
  std::string plural(StringAt(crd, "spec.names.plural"));
  UpdateNamesStatus(crd, NamesInGroup(*table, group, plural), now);
}

bool BeginDelete(Json& crd, const WriteContext& ctx) {
  if (Path(crd, "metadata.deletionTimestamp") != nullptr) return false;  // finalizers hold it
  JsonAllocator& a = crd.GetAllocator();
  JsonValue& meta = EnsureObject(crd, "metadata", a);
  JsonValue* finalizers = Member(meta, "finalizers");
  if (finalizers == nullptr || !finalizers->IsArray()) {
    SetMember(meta, "finalizers", JsonValue(rapidjson::kArrayType), a);
    finalizers = Member(meta, "finalizers");
  }
  bool has = std::any_of(finalizers->Begin(), finalizers->End(), [](const JsonValue& f) {
    return f.IsString() && View(f) == kCleanupFinalizer;
  });
  if (!has) finalizers->PushBack(MakeString(kCleanupFinalizer, a), a);
  SetCondition(crd, "Terminating", "True", "InstanceDeletionPending",
               "CustomResourceDefinition marked for deletion; CustomResource deletion will begin "
               "soon",
               ctx.now);
  Logger("apiserver")
      ->info("customresourcedefinition {} marked for deletion", StringAt(crd, "metadata.name"));
  return true;
}

}  // namespace

void DefaultCrd(Json& crd) {
  if (!crd.IsObject()) return;
  JsonAllocator& a = crd.GetAllocator();
  JsonValue* spec = Member(crd, "spec");
  if (spec == nullptr || !spec->IsObject()) return;
  JsonValue* names = Member(*spec, "names");
  if (names != nullptr && names->IsObject()) {
    std::string kind(StringAt(*names, "kind"));
    if (StringAt(*names, "singular").empty()) {
      std::string lower = kind;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      SetString(*names, "singular", lower, a);
    }
    if (StringAt(*names, "listKind").empty() && !kind.empty()) {
      SetString(*names, "listKind", kind + "List", a);
    }
  }
  JsonValue* conversion = Member(*spec, "conversion");
  if (conversion == nullptr || conversion->IsNull()) {
    JsonValue none(rapidjson::kObjectType);
    SetString(none, "strategy", "None", a);
    SetMember(*spec, "conversion", std::move(none), a);
  }
}

Strategy CrdStrategy(const ResourceTable* table) {
  Strategy s;
  s.prepare_for_create = [table](Json& crd, const WriteContext& ctx) -> Status {
    DefaultCrd(crd);
    RemoveMember(crd, "status");
    UpdateStatus(crd, table, ctx.now);
    return Status::Ok();
  };
  s.prepare_for_update = [table](Json& crd, const JsonValue&, const WriteContext& ctx) -> Status {
    DefaultCrd(crd);
    UpdateStatus(crd, table, ctx.now);
    return Status::Ok();
  };
  s.validate = [](const JsonValue& crd, const JsonValue* old) -> Status {
    api::ErrorList errors = ValidateCrd(crd, old);
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus("CustomResourceDefinition", kApiextensionsGroup,
                                StringAt(crd, "metadata.name"), errors);
  };
  s.begin_delete = [](Json& crd, std::optional<int64_t>, const WriteContext& ctx) {
    return BeginDelete(crd, ctx);
  };
  return s;
}

}  // namespace ekslite::apiserver
