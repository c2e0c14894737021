#include "apiserver/registry/registry.h"

#include <cstdio>

#include "apiserver/registry/managed_fields_tracking.h"
#include "apiserver/registry/object_codec.h"
#include "apiserver/registry/object_rules.h"
#include "apiserver/registry/omit_empty_maps.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

constexpr int kMaxConflictRetries = 16;

Status ObjectNotFound(const ResourceInfo& info, const std::string& name, Code code,
                      std::string message) {
  StatusDetails d;
  d.name = name;
  d.group = info.group;
  d.kind = info.resource;
  return Status(code, std::move(message), std::move(d));
}

bool IsTerminating(const JsonValue& object) {
  return Path(object, "metadata.deletionTimestamp") != nullptr;
}

WriteResult Written(std::string json, bool created) {
  WriteResult r;
  r.json = std::move(json);
  r.created = created;
  return r;
}

// Built-in objects read back without empty map fields, as upstream's Go types
// serialise them; custom resources keep what the client sent.
void OmitEmptyMapsOfBuiltin(const ResourceInfo& info, Json& object) {
  if (info.custom_schema) return;
  if (const schema::Message* message = info.Message()) OmitEmptyMaps(*message, object);
}

WriteResult Deleted(std::string json, std::string uid) {
  WriteResult r;
  r.json = std::move(json);
  r.deleted = true;
  r.deleted_uid = std::move(uid);
  return r;
}

}  // namespace

std::string QualifiedResource(const ResourceInfo& info) {
  return info.group.empty() ? info.resource : info.resource + "." + info.group;
}

Status NotFoundError(const ResourceInfo& info, const std::string& name) {
  return ObjectNotFound(info, name, Code::kNotFound,
                        QualifiedResource(info) + " \"" + name + "\" not found");
}

Status ConflictError(const ResourceInfo& info, const std::string& name) {
  return ObjectNotFound(info, name, Code::kConflict,
                        "Operation cannot be fulfilled on " + QualifiedResource(info) + " \"" +
                            name +
                            "\": the object has been modified; please apply your changes to the "
                            "latest version and try again");
}

Registry::Registry(storage::Store& store, WatchCache& cache, Clock& clock)
    : store_(store), cache_(cache), clock_(clock), rng_(std::random_device{}()) {}

ResourceCache* Registry::CacheFor(const ResourceInfo& info) const {
  return cache_.Find(ResourceTable::StoragePrefix(info));
}

StatusOr<ObjectPtr> Registry::Get(const ResourceInfo& info, const std::string& ns,
                                  const std::string& name) const {
  ResourceCache* cache = CacheFor(info);
  ObjectPtr obj = cache ? cache->Get(ResourceTable::Key(info, ns, name)) : nullptr;
  if (obj == nullptr) return NotFoundError(info, name);
  return obj;
}

std::string Registry::NewUid() {
  std::lock_guard<std::mutex> lock(rng_mu_);
  uint64_t a = rng_(), b = rng_();
  // RFC 4122 version 4, variant 1.
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

bool Registry::NamespaceExists(const std::string& ns, bool* terminating) const {
  ObjectPtr obj = cache_.Find("/core/namespaces/")
                      ? cache_.Find("/core/namespaces/")->Get("/core/namespaces/" + ns)
                      : nullptr;
  if (obj == nullptr) return false;
  if (terminating != nullptr) {
    *terminating = obj->json.find("\"deletionTimestamp\"") != std::string::npos ||
                   obj->json.find("\"phase\":\"Terminating\"") != std::string::npos;
  }
  return true;
}

Status Registry::CheckNamespace(const ResourceInfo& info, const std::string& ns) const {
  if (!info.namespaced) return Status::Ok();
  bool terminating = false;
  if (!NamespaceExists(ns, &terminating)) {
    StatusDetails d;
    d.name = ns;
    d.kind = "namespaces";
    return Status(Code::kNotFound, "namespaces \"" + ns + "\" not found", std::move(d));
  }
  if (terminating) return NamespaceTerminatingError(info, ns);
  return Status::Ok();
}

StatusOr<WriteResult> Registry::Create(const ResourceInfo& info, const std::string& ns, Json object,
                                       const WriteOptions& options) {
  EKS_RETURN_IF_ERROR(CheckTypeMeta(info, object));
  EKS_RETURN_IF_ERROR(PrepareMetadataForCreate(info, ns, object));
  EKS_RETURN_IF_ERROR(CheckNamespace(info, ns));
  WriteContext ctx{clock_.Now(), info.namespaced ? ns : "", options.user, options.subresource};
  JsonValue& meta = object["metadata"];
  SetString(meta, "uid", NewUid(), object.GetAllocator());
  SetString(meta, "creationTimestamp", FormatRfc3339(ctx.now), object.GetAllocator());
  if (info.tracks_generation) SetInt(meta, "generation", 1, object.GetAllocator());
  if (info.strategy.prepare_for_create) {
    EKS_RETURN_IF_ERROR(info.strategy.prepare_for_create(object, ctx));
  }
  AdmissionHold hold;  // released when this returns, after the write
  if (admission_) EKS_RETURN_IF_ERROR(admission_(info, object, ctx, &hold));
  OmitEmptyMapsOfBuiltin(info, object);
  TrackManagedFields(info, nullptr, object, options, ctx.now);
  EKS_RETURN_IF_ERROR(ValidateObject(info, object, nullptr));

  bool generated = StringAt(meta, "name").empty();
  for (int attempt = 0;; ++attempt) {
    if (generated) {
      std::lock_guard<std::mutex> lock(rng_mu_);
      SetString(object["metadata"], "name",
                GenerateName(StringAt(object, "metadata.generateName"), rng_),
                object.GetAllocator());
    }
    std::string name(StringAt(object, "metadata.name"));
    std::string stored = EncodeForStorage(object);
    if (options.dry_run) {
      if (CacheFor(info)->Get(ResourceTable::Key(info, ns, name)) != nullptr) {
        return ObjectNotFound(info, name, Code::kAlreadyExists,
                              QualifiedResource(info) + " \"" + name + "\" already exists");
      }
      return Written(stored, true);
    }
    auto rev = store_.Create(ResourceTable::Key(info, ns, name), stored);
    if (rev.ok()) {
      Logger("apiserver")->debug("created {}", ResourceTable::Key(info, ns, name));
      return Written(WithResourceVersion(stored, *rev), true);
    }
    if (!rev.status().IsAlreadyExists()) return rev.status();
    if (!generated || attempt >= 7) {
      return ObjectNotFound(info, name, Code::kAlreadyExists,
                            QualifiedResource(info) + " \"" + name + "\" already exists");
    }
  }
}

StatusOr<WriteResult> Registry::Update(const ResourceInfo& info, const std::string& ns,
                                       const std::string& name, Json object,
                                       const WriteOptions& options) {
  EKS_RETURN_IF_ERROR(CheckTypeMeta(info, object));
  EKS_RETURN_IF_ERROR(CheckNameAndNamespace(info, ns, name, object));
  std::string key = ResourceTable::Key(info, ns, name);
  std::string rv(StringAt(object, "metadata.resourceVersion"));
  for (int attempt = 0;; ++attempt) {
    EKS_ASSIGN_OR_RETURN(ObjectPtr current, Get(info, ns, name));
    if (!rv.empty() && rv != std::to_string(current->revision)) return ConflictError(info, name);
    Json copy;
    copy.CopyFrom(object, copy.GetAllocator());
    auto result = UpdateFrom(info, key, current, std::move(copy), options);
    // A write without a resourceVersion is unconditional: retry on conflicts.
    if (result.ok() || !result.status().IsConflict() || !rv.empty() ||
        attempt >= kMaxConflictRetries) {
      return result;
    }
  }
}

StatusOr<WriteResult> Registry::Mutate(const ResourceInfo& info, const std::string& ns,
                                       const std::string& name, const Mutation& mutate,
                                       const WriteOptions& options) {
  std::string key = ResourceTable::Key(info, ns, name);
  for (int attempt = 0;; ++attempt) {
    EKS_ASSIGN_OR_RETURN(ObjectPtr current, Get(info, ns, name));
    EKS_ASSIGN_OR_RETURN(Json object, ParseJson(current->json));
    EKS_RETURN_IF_ERROR(mutate(object));
    if (!object.IsObject()) return Status::BadRequest("the patched object is not a JSON object");
    EKS_RETURN_IF_ERROR(CheckTypeMeta(info, object));
    EKS_RETURN_IF_ERROR(CheckNameAndNamespace(info, ns, name, object));
    std::string rv(StringAt(object, "metadata.resourceVersion"));
    bool pinned = rv != std::to_string(current->revision);
    if (pinned && !rv.empty()) return ConflictError(info, name);
    auto result = UpdateFrom(info, key, current, std::move(object), options);
    if (result.ok() || !result.status().IsConflict() || attempt >= kMaxConflictRetries) {
      return result;
    }
  }
}

// Applies the update rules to `object` (the desired state) given `current`,
// and writes it with compare-and-swap on current's revision.
StatusOr<WriteResult> Registry::UpdateFrom(const ResourceInfo& info, const std::string& key,
                                           const ObjectPtr& current, Json object,
                                           const WriteOptions& options) {
  EKS_ASSIGN_OR_RETURN(Json old, ParseJson(current->json));
  EKS_RETURN_IF_ERROR(PrepareMetadataForUpdate(info, old, object, options.subresource));
  WriteContext ctx{clock_.Now(), std::string(StringAt(old, "metadata.namespace")), options.user,
                   options.subresource};
  if (info.strategy.prepare_for_update) {
    EKS_RETURN_IF_ERROR(info.strategy.prepare_for_update(object, old, ctx));
  }
  OmitEmptyMapsOfBuiltin(info, object);
  BumpGenerationIfSpecChanged(info, old, object);
  TrackManagedFields(info, &old, object, options, ctx.now);
  EKS_RETURN_IF_ERROR(ValidateObject(info, object, &old));
  // A terminating object whose last finalizer went away is deleted now.
  if (IsTerminating(object) && !DeletionHeld(info, object)) {
    std::string uid(StringAt(old, "metadata.uid"));
    if (options.dry_run) return Deleted(current->json, uid);
    auto deleted = store_.Delete(key, current->revision);
    if (!deleted.ok()) {
      return deleted.status().IsConflict()
                 ? ConflictError(info, std::string(StringAt(old, "metadata.name")))
                 : deleted.status();
    }
    return Deleted(WithResourceVersion(deleted->value, deleted->mod_revision), uid);
  }
  return StoreUpdate(info, key, current, object, options.dry_run);
}

StatusOr<WriteResult> Registry::StoreUpdate(const ResourceInfo& info, const std::string& key,
                                            const ObjectPtr& current, Json& object, bool dry_run) {
  std::string stored = EncodeForStorage(object);
  // An update that changes nothing is not written (its resourceVersion stays).
  if (WithResourceVersion(stored, current->revision) == current->json) {
    return Written(current->json, false);
  }
  if (dry_run) return Written(WithResourceVersion(stored, current->revision), false);
  auto rev = store_.Update(key, stored, current->revision);
  if (!rev.ok()) {
    std::string name(StringAt(object, "metadata.name"));
    if (rev.status().IsConflict()) return ConflictError(info, name);
    if (rev.status().IsNotFound()) return NotFoundError(info, name);
    return rev.status();
  }
  return Written(WithResourceVersion(stored, *rev), false);
}

StatusOr<WriteResult> Registry::Delete(const ResourceInfo& info, const std::string& ns,
                                       const std::string& name, const DeleteOptions& options) {
  std::string key = ResourceTable::Key(info, ns, name);
  for (int attempt = 0;; ++attempt) {
    EKS_ASSIGN_OR_RETURN(ObjectPtr current, Get(info, ns, name));
    EKS_ASSIGN_OR_RETURN(Json object, ParseJson(current->json));
    EKS_RETURN_IF_ERROR(CheckDeletePreconditions(info, object, current->revision, options));
    DeletionPlan plan = PlanDeletion(info, object, options, clock_.Now());
    if (plan.mark_only) {
      // Finalizers (or a grace period) hold the object: mark it terminating.
      if (plan.already_marked) return Written(current->json, false);
      auto r = StoreUpdate(info, key, current, object, options.dry_run);
      if (r.ok() || !r.status().IsConflict() || attempt >= kMaxConflictRetries) return r;
      continue;
    }
    std::string uid(StringAt(object, "metadata.uid"));
    if (options.dry_run) return Deleted(current->json, uid);
    auto deleted = store_.Delete(key, current->revision);
    if (deleted.ok()) {
      Logger("apiserver")->debug("deleted {}", key);
      return Deleted(WithResourceVersion(deleted->value, deleted->mod_revision), uid);
    }
    if (deleted.status().IsNotFound()) return NotFoundError(info, name);
    if (!deleted.status().IsConflict() || attempt >= kMaxConflictRetries) {
      return deleted.status().IsConflict() ? ConflictError(info, name) : deleted.status();
    }
  }
}

}  // namespace ekslite::apiserver
