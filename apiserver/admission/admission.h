// The built-in admission plugins the apiserver runs on every create, in
// upstream's order: DefaultTolerationSeconds, LimitRanger, Priority, then
// ResourceQuota (which counts what the earlier ones settled). Each plugin is
// in its own file; this is the chain.
#ifndef EKSLITE_APISERVER_ADMISSION_ADMISSION_H_
#define EKSLITE_APISERVER_ADMISSION_ADMISSION_H_

#include <cstdint>

#include "apiserver/registry/registry.h"

namespace ekslite::apiserver {

struct AdmissionOptions {
  // tolerationSeconds of the not-ready and unreachable NoExecute
  // tolerations added to pods that do not tolerate those taints already.
  int64_t default_not_ready_toleration_seconds = 300;
  int64_t default_unreachable_toleration_seconds = 300;
};

// The hook to install with Registry::set_admission. `registry` must outlive
// it; the plugins read PriorityClasses, LimitRanges and ResourceQuotas (and
// the objects quotas count) from its cache.
AdmissionHook NewAdmission(const Registry& registry, AdmissionOptions options);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_ADMISSION_ADMISSION_H_
