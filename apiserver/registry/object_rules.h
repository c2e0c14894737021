// The rules every object follows on its way into storage, whatever its kind:
// type meta, server-owned metadata, namespace and name checks, metadata
// validation, delete preconditions and deletion planning.
#ifndef EKSLITE_APISERVER_REGISTRY_OBJECT_RULES_H_
#define EKSLITE_APISERVER_REGISTRY_OBJECT_RULES_H_

#include <random>
#include <string>

#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Fills kind and apiVersion when absent; kBadRequest when they name another
// kind or version than the resource serves.
Status CheckTypeMeta(const ResourceInfo& info, Json& object);

// Before create: the namespace (from the URL; a different one in the body is
// a kBadRequest), and metadata the client may not set (resourceVersion, uid,
// deletion fields, ...) cleared.
Status PrepareMetadataForCreate(const ResourceInfo& info, const std::string& ns, Json& object);

// For updates: the body's name must be the URL's, and its namespace (filled
// in when absent) the URL's.
Status CheckNameAndNamespace(const ResourceInfo& info, const std::string& ns,
                             const std::string& name, Json& object);

// Before update: carries over what only the server changes (uid,
// creationTimestamp, deletion fields, generation) and, by subresource, keeps
// the status (main resource) or everything but the status (status
// subresource).
Status PrepareMetadataForUpdate(const ResourceInfo& info, const JsonValue& old, Json& object,
                                const std::string& subresource);

// After the resource's own update rules (defaulting) ran: bumps
// metadata.generation when anything but metadata and status differs from
// `old`, for resources that track it. Comparing defaulted objects keeps a
// write that only restates defaults from counting as a spec change.
void BumpGenerationIfSpecChanged(const ResourceInfo& info, const JsonValue& old, Json& object);

// Validates metadata (name, generateName, namespace, labels, annotations,
// finalizers) and then the resource's own rules. kInvalid with causes.
Status ValidateObject(const ResourceInfo& info, const JsonValue& object, const JsonValue* old);

// kConflict when DeleteOptions.preconditions do not match the object.
Status CheckDeletePreconditions(const ResourceInfo& info, const JsonValue& object, int64_t revision,
                                const DeleteOptions& options);

struct DeletionPlan {
  bool mark_only = false;       // keep the object, marked terminating
  bool already_marked = false;  // ... and it already was, unchanged
};

// Decides how to delete `object` and marks it terminating (in place) when
// finalizers or the resource's rules hold it.
DeletionPlan PlanDeletion(const ResourceInfo& info, Json& object, const DeleteOptions& options,
                          Clock::time_point now);

// True when a terminating object is still held (finalizers or the resource's
// own rules).
bool DeletionHeld(const ResourceInfo& info, const JsonValue& object);

// The 403 for creating in a terminating namespace.
Status NamespaceTerminatingError(const ResourceInfo& info, const std::string& ns);

// A name for metadata.generateName `prefix`.
std::string GenerateName(std::string_view prefix, std::mt19937_64& rng);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_OBJECT_RULES_H_
