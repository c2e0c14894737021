// Reading other objects from the watch cache during admission (the
// PriorityClasses, LimitRanges and ResourceQuotas a new pod is checked
// against).
#ifndef EKSLITE_APISERVER_ADMISSION_STORED_OBJECTS_H_
#define EKSLITE_APISERVER_ADMISSION_STORED_OBJECTS_H_

#include <string>
#include <vector>

#include "apiserver/registry/registry.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Every object of group/version/resource in namespace `ns` ("" for all, or
// for a cluster-scoped resource), parsed. Empty when the resource is not
// served.
StatusOr<std::vector<Json>> ListStored(const Registry& registry, const std::string& group,
                                       const std::string& version, const std::string& resource,
                                       const std::string& ns);

// upstream's NewForbidden wording for an admission refusal:
// `pods "x" is forbidden: <why>`, or `pods is forbidden: <why>` for a name
// not generated yet.
Status AdmissionForbidden(const ResourceInfo& info, const JsonValue& object,
                          const std::string& why);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_ADMISSION_STORED_OBJECTS_H_
