// The admission plugins, one file each (admission.h chains them).
#ifndef EKSLITE_APISERVER_ADMISSION_POD_PLUGINS_H_
#define EKSLITE_APISERVER_ADMISSION_POD_PLUGINS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "apiserver/registry/registry.h"
#include "core/json.h"
#include "core/thread_annotations.h"

namespace ekslite::apiserver {

// DefaultTolerationSeconds: a pod that does not tolerate the
// node.kubernetes.io/not-ready (unreachable) NoExecute taint gets a
// toleration of it for `not_ready_seconds` (`unreachable_seconds`), so the
// node lifecycle controller evicts it only after that long.
void AddDefaultTolerations(Json& pod, int64_t not_ready_seconds, int64_t unreachable_seconds);

// Priority: resolves spec.priorityClassName (or the globalDefault class when
// none is named) into spec.priority and spec.preemptionPolicy. kForbidden
// for an unknown class or a pod that sets a different priority itself.
Status AdmitPriority(const Registry& registry, const ResourceInfo& pods, Json& pod);

// LimitRanger: applies the namespace's LimitRange defaults to containers
// without requests or limits, then refuses (kForbidden) a pod outside a
// Container or Pod min/max.
Status AdmitLimitRanges(const Registry& registry, const ResourceInfo& pods, const std::string& ns,
                        Json& pod);

// One lock per namespace, so that two creates a quota covers are counted
// one after the other: each sees the other's object once it is written.
class QuotaLocks {
 public:
  // Holds `ns`'s lock until the returned hold is released.
  AdmissionHold Lock(const std::string& ns);

 private:
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<std::mutex>> locks_ GUARDED_BY(mu_);
};

// ResourceQuota: refuses (kForbidden, "exceeded quota: ...") an object whose
// creation would take a quota of its namespace beyond status.hard / spec.hard.
// When a quota of the namespace exists, `*hold` gets its namespace's lock
// (taken before counting), to be kept until the object is written.
Status AdmitQuota(const Registry& registry, const ResourceInfo& info, const std::string& ns,
                  const JsonValue& object, QuotaLocks& locks, AdmissionHold* hold);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_ADMISSION_POD_PLUGINS_H_
