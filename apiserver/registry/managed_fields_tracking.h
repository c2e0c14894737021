// The registry's side of field ownership: every write that is not a
// server-side apply records an Update entry in metadata.managedFields
// (core/fieldmanager does the work; this fills in what the resource says).
#ifndef EKSLITE_APISERVER_REGISTRY_MANAGED_FIELDS_TRACKING_H_
#define EKSLITE_APISERVER_REGISTRY_MANAGED_FIELDS_TRACKING_H_

#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource.h"
#include "core/clock.h"
#include "core/fieldmanager/field_manager.h"
#include "core/json.h"

namespace ekslite::apiserver {

// The field manager's view of a write to `info` with `options` at `now`, by
// `manager`.
fieldmanager::Operation ManagedFieldsOperation(const ResourceInfo& info,
                                               const std::string& manager,
                                               const std::string& subresource,
                                               Clock::time_point now);

// Records the write of `object` over `live` (null on create) by
// options.field_manager, unless the write is a server-side apply. Never fails.
void TrackManagedFields(const ResourceInfo& info, const JsonValue* live, Json& object,
                        const WriteOptions& options, Clock::time_point now);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_MANAGED_FIELDS_TRACKING_H_
