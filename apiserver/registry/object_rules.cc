#include "apiserver/registry/object_rules.h"

#include "core/api/field_errors.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

// Metadata fields the server owns on create.
constexpr const char* kServerOwnedOnCreate[] = {"resourceVersion",   "uid",
                                                "selfLink",          "creationTimestamp",
                                                "deletionTimestamp", "deletionGracePeriodSeconds",
                                                "generation"};

// Carried over from the stored object on every update.
constexpr const char* kServerOwnedOnUpdate[] = {"uid", "creationTimestamp", "deletionTimestamp",
                                                "deletionGracePeriodSeconds", "generation"};

// Restored from the stored object on status updates (upstream resets these
// so /status cannot change metadata).
constexpr const char* kMetadataKeptOnStatus[] = {"labels", "annotations", "finalizers",
                                                 "ownerReferences"};

JsonValue& Meta(Json& object) { return EnsureObject(object, "metadata", object.GetAllocator()); }

void CopyMember(const JsonValue& from, JsonValue& to, std::string_view name, JsonAllocator& a) {
  const JsonValue* v = Member(from, name);
  if (v == nullptr) {
    RemoveMember(to, name);
    return;
  }
  JsonValue copy(*v, a);
  SetMember(to, name, std::move(copy), a);
}

bool SameMember(const JsonValue& a, const JsonValue& b, std::string_view name) {
  const JsonValue* x = Member(a, name);
  const JsonValue* y = Member(b, name);
  if (x == nullptr || y == nullptr) return x == y;
  return *x == *y;
}

// The spec as the generation sees it: everything but metadata and status.
bool SpecChanged(const JsonValue& old, const JsonValue& now) {
  for (const auto& m : now.GetObject()) {
    std::string_view k = View(m.name);
    if (k == "metadata" || k == "status" || k == "kind" || k == "apiVersion") continue;
    if (!SameMember(old, now, k)) return true;
  }
  for (const auto& m : old.GetObject()) {
    std::string_view k = View(m.name);
    if (k == "metadata" || k == "status" || k == "kind" || k == "apiVersion") continue;
    if (Member(now, k) == nullptr) return true;
  }
  return false;
}

api::NameValidator NameRule(const ResourceInfo& info) {
  if (info.group.empty() && info.resource == "namespaces") return api::NameIsDnsLabel;
  if (info.group.empty() && info.resource == "services") return api::NameIsDns1035Label;
  // RBAC names may hold ':' ("system:discovery"): path segment names.
  if (info.group == "rbac.authorization.k8s.io") return api::NameIsPathSegment;
  return api::NameIsDnsSubdomain;
}

void ValidateFinalizers(const JsonValue& meta, api::ErrorList* errors) {
  const JsonValue* f = Member(meta, "finalizers");
  if (f == nullptr || !f->IsArray()) return;
  api::FieldPath path = api::FieldPath("metadata").Child("finalizers");
  for (rapidjson::SizeType i = 0; i < f->Size(); ++i) {
    std::string_view name = View((*f)[i]);
    for (const std::string& p : api::IsQualifiedName(name)) {
      errors->Add(api::Invalid(path.Index(i), name, p));
    }
  }
}

void ValidateMetadata(const ResourceInfo& info, const JsonValue& meta, api::ErrorList* errors) {
  api::FieldPath path("metadata");
  std::string_view name = StringAt(meta, "name");
  std::string_view generate = StringAt(meta, "generateName");
  api::NameValidator rule = NameRule(info);
  if (name.empty() && generate.empty()) {
    errors->Add(api::Required(path.Child("name"), "name or generateName is required"));
  }
  if (!name.empty()) {
    for (const std::string& p : rule(name, false))
      errors->Add(api::Invalid(path.Child("name"), name, p));
  }
  if (!generate.empty()) {
    for (const std::string& p : rule(generate, true)) {
      errors->Add(api::Invalid(path.Child("generateName"), generate, p));
    }
  }
  std::string_view ns = StringAt(meta, "namespace");
  if (info.namespaced) {
    if (ns.empty()) errors->Add(api::Required(path.Child("namespace"), ""));
    for (const std::string& p : api::IsDns1123Label(ns)) {
      if (!ns.empty()) errors->Add(api::Invalid(path.Child("namespace"), ns, p));
    }
  } else if (!ns.empty()) {
    errors->Add(api::Forbidden(path.Child("namespace"), "not allowed on this type"));
  }
  if (const JsonValue* l = Member(meta, "labels"); l != nullptr && l->IsObject()) {
    api::ValidateLabels(*l, path.Child("labels"), errors);
  }
  if (const JsonValue* an = Member(meta, "annotations"); an != nullptr && an->IsObject()) {
    api::ValidateAnnotations(*an, path.Child("annotations"), errors);
  }
  ValidateFinalizers(meta, errors);
}

}  // namespace

Status CheckTypeMeta(const ResourceInfo& info, Json& object) {
  if (!object.IsObject()) return Status::BadRequest("the request body must be a JSON object");
  std::string_view kind = StringAt(object, "kind");
  std::string_view api_version = StringAt(object, "apiVersion");
  std::string expected = info.ApiVersion();
  if (!api_version.empty() && api_version != expected) {
    return Status::BadRequest("the API version in the data (" + std::string(api_version) +
                              ") does not match the expected API version (" + expected + ")");
  }
  if (!kind.empty() && kind != info.kind) {
    return Status::BadRequest("the kind in the data (" + std::string(kind) +
                              ") does not match the expected kind (" + info.kind + ")");
  }
  SetString(object, "kind", info.kind, object.GetAllocator());
  SetString(object, "apiVersion", expected, object.GetAllocator());
  return Status::Ok();
}

Status PrepareMetadataForCreate(const ResourceInfo& info, const std::string& ns, Json& object) {
  JsonValue* existing = Member(object, "metadata");
  if (existing != nullptr && !existing->IsObject() && !existing->IsNull()) {
    return Status::BadRequest("metadata must be a JSON object");
  }
  JsonValue& meta = Meta(object);
  std::string_view body_ns = StringAt(meta, "namespace");
  if (info.namespaced) {
    if (!body_ns.empty() && body_ns != ns) {
      return Status::BadRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    SetString(meta, "namespace", ns, object.GetAllocator());
  } else {
    RemoveMember(meta, "namespace");
  }
  for (const char* field : kServerOwnedOnCreate) RemoveMember(meta, field);
  return Status::Ok();
}

Status CheckNameAndNamespace(const ResourceInfo& info, const std::string& ns,
                             const std::string& name, Json& object) {
  JsonValue& meta = Meta(object);
  std::string_view body_name = StringAt(meta, "name");
  if (body_name != name) {
    return Status::BadRequest("the name of the object (" + std::string(body_name) +
                              ") does not match the name on the URL (" + name + ")");
  }
  if (!info.namespaced) {
    RemoveMember(meta, "namespace");
    return Status::Ok();
  }
  std::string_view body_ns = StringAt(meta, "namespace");
  if (!body_ns.empty() && body_ns != ns) {
    return Status::BadRequest(
        "the namespace of the provided object does not match the namespace sent on the request");
  }
  SetString(meta, "namespace", ns, object.GetAllocator());
  return Status::Ok();
}

Status PrepareMetadataForUpdate(const ResourceInfo& info, const JsonValue& old, Json& object,
                                const std::string& subresource) {
  JsonAllocator& a = object.GetAllocator();
  JsonValue& meta = Meta(object);
  const JsonValue* old_meta = Member(old, "metadata");
  std::string_view new_uid = StringAt(meta, "uid");
  if (!new_uid.empty() && old_meta != nullptr && new_uid != StringAt(*old_meta, "uid")) {
    return Status::Conflict("Precondition failed: UID in precondition: " + std::string(new_uid) +
                            ", UID in object meta: " + std::string(StringAt(*old_meta, "uid")));
  }
  RemoveMember(meta, "resourceVersion");
  RemoveMember(meta, "selfLink");
  if (old_meta != nullptr) {
    for (const char* field : kServerOwnedOnUpdate) CopyMember(*old_meta, meta, field, a);
  }
  if (subresource == "status") {
    // Only the status changes: everything else comes from the stored object.
    for (const auto& m : old.GetObject()) {
      std::string_view k = View(m.name);
      if (k == "status" || k == "metadata") continue;
      CopyMember(old, object, k, a);
    }
    for (auto it = object.MemberBegin(); it != object.MemberEnd();) {
      std::string_view k = View(it->name);
      if (k != "status" && k != "metadata" && Member(old, k) == nullptr) {
        it = object.EraseMember(it);
      } else {
        ++it;
      }
    }
    if (old_meta != nullptr) {
      for (const char* field : kMetadataKeptOnStatus) CopyMember(*old_meta, meta, field, a);
    }
  } else if (info.has_status) {
    CopyMember(old, object, "status", a);
  }
  return Status::Ok();
}

void BumpGenerationIfSpecChanged(const ResourceInfo& info, const JsonValue& old, Json& object) {
  if (!info.tracks_generation || !SpecChanged(old, object)) return;
  SetInt(Meta(object), "generation", IntAt(old, "metadata.generation").value_or(0) + 1,
         object.GetAllocator());
}

Status ValidateObject(const ResourceInfo& info, const JsonValue& object, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue* meta = Member(object, "metadata");
  if (meta != nullptr && meta->IsObject()) ValidateMetadata(info, *meta, &errors);
  if (!errors.empty()) {
    return api::ToInvalidStatus(info.kind, info.group, StringAt(object, "metadata.name"), errors);
  }
  if (info.strategy.validate) return info.strategy.validate(object, old);
  return Status::Ok();
}

Status CheckDeletePreconditions(const ResourceInfo& info, const JsonValue& object, int64_t revision,
                                const DeleteOptions& options) {
  std::string name(StringAt(object, "metadata.name"));
  std::string_view uid = StringAt(object, "metadata.uid");
  auto failed = [&](const std::string& what) {
    StatusDetails d;
    d.name = name;
    d.group = info.group;
    d.kind = info.resource;
    return Status(Code::kConflict,
                  "Operation cannot be fulfilled on " + QualifiedResource(info) + " \"" + name +
                      "\": Precondition failed: " + what,
                  std::move(d));
  };
  if (!options.precondition_uid.empty() && options.precondition_uid != uid) {
    return failed("UID in precondition: " + options.precondition_uid +
                  ", UID in object meta: " + std::string(uid));
  }
  if (!options.precondition_resource_version.empty() &&
      options.precondition_resource_version != std::to_string(revision)) {
    return failed("ResourceVersion in precondition: " + options.precondition_resource_version +
                  ", ResourceVersion in object meta: " + std::to_string(revision));
  }
  return Status::Ok();
}

bool DeletionHeld(const ResourceInfo& info, const JsonValue& object) {
  const JsonValue* f = Path(object, "metadata.finalizers");
  if (f != nullptr && f->IsArray() && !f->Empty()) return true;
  return info.strategy.holds_deletion && info.strategy.holds_deletion(object);
}

// Foreground and Orphan deletions are finished by the garbage collector: the
// object stays, terminating, with the finalizer that tells the collector what
// to do with its dependents before it lets go ("foregroundDeletion": delete
// them first; "orphan": drop their references to it).
static void AddPropagationFinalizer(std::string_view policy, Json& object) {
  std::string_view finalizer = policy == "Foreground" ? "foregroundDeletion"
                               : policy == "Orphan"   ? "orphan"
                                                      : "";
  if (finalizer.empty()) return;
  JsonAllocator& a = object.GetAllocator();
  JsonValue& meta = EnsureObject(object, "metadata", a);
  JsonValue* list = Member(meta, "finalizers");
  if (list == nullptr || !list->IsArray()) {
    SetMember(meta, "finalizers", JsonValue(rapidjson::kArrayType), a);
    list = Member(meta, "finalizers");
  }
  for (const JsonValue& f : list->GetArray()) {
    if (View(f) == finalizer) return;
  }
  list->PushBack(MakeString(finalizer, a), a);
}

DeletionPlan PlanDeletion(const ResourceInfo& info, Json& object, const DeleteOptions& options,
                          Clock::time_point now) {
  DeletionPlan plan;
  bool marked = Path(object, "metadata.deletionTimestamp") != nullptr;
  std::string before = marked ? ToJsonString(object) : "";
  WriteContext ctx{now, std::string(StringAt(object, "metadata.namespace")), "", ""};
  JsonValue& meta = Meta(object);
  if (options.grace_period_seconds) {
    // A shorter grace period on a terminating object replaces the longer one.
    if (*options.grace_period_seconds == 0) RemoveMember(meta, "deletionGracePeriodSeconds");
  }
  bool held = info.strategy.begin_delete &&
              info.strategy.begin_delete(object, options.grace_period_seconds, ctx);
  AddPropagationFinalizer(options.propagation_policy, object);
  const JsonValue* f = Path(object, "metadata.finalizers");
  bool finalizers = f != nullptr && f->IsArray() && !f->Empty();
  if (!held && !finalizers) return plan;  // delete now
  plan.mark_only = true;
  if (!marked) {
    SetString(meta, "deletionTimestamp", FormatRfc3339(now), object.GetAllocator());
    if (Member(meta, "deletionGracePeriodSeconds") == nullptr) {
      SetInt(meta, "deletionGracePeriodSeconds", 0, object.GetAllocator());
    }
  }
  plan.already_marked = marked && ToJsonString(object) == before;
  return plan;
}

Status NamespaceTerminatingError(const ResourceInfo& info, const std::string& ns) {
  StatusDetails d;
  d.kind = info.resource;
  d.group = info.group;
  d.causes.push_back(
      {"NamespaceTerminating", "namespace " + ns + " is being terminated", "metadata.namespace"});
  return Status(
      Code::kForbidden,
      "unable to create new content in namespace " + ns + " because it is being terminated",
      std::move(d));
}

std::string GenerateName(std::string_view prefix, std::mt19937_64& rng) {
  return api::GenerateName(prefix, [&](size_t n) {
    return static_cast<size_t>(std::uniform_int_distribution<uint64_t>(0, n - 1)(rng));
  });
}

}  // namespace ekslite::apiserver
