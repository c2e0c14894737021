// Validation of core/v1 Services, with upstream's field paths and messages:
// ports (required unless headless or ExternalName; numbers, protocols, names
// required when there are several and unique, target ports), type, session
// affinity, externalName, selector labels, and node ports only where the type
// has them.
#ifndef EKSLITE_APISERVER_RESOURCES_SERVICE_VALIDATION_H_
#define EKSLITE_APISERVER_RESOURCES_SERVICE_VALIDATION_H_

#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Returns kInvalid (`Service "x" is invalid: ...` with causes) or OK. Runs on
// the defaulted object; `old` is the stored one on update, null on create.
Status ValidateService(const JsonValue& svc, const JsonValue* old);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_SERVICE_VALIDATION_H_
