// Taints on nodes and the tolerations on pods that let them stay or land
// there (core/v1 Taint and Toleration).
#ifndef EKSLITE_SCHEDULER_TAINTS_H_
#define EKSLITE_SCHEDULER_TAINTS_H_

#include <string>
#include <vector>

#include "core/json.h"

namespace ekslite::scheduler {

inline constexpr std::string_view kNoSchedule = "NoSchedule";
inline constexpr std::string_view kPreferNoSchedule = "PreferNoSchedule";
inline constexpr std::string_view kNoExecute = "NoExecute";

struct Taint {
  std::string key;
  std::string value;
  std::string effect;
};

struct Toleration {
  std::string key;  // "" with operator Exists: every key
  std::string op;   // "Exists" or "Equal" ("" means Equal)
  std::string value;
  std::string effect;  // "" = every effect
};

// spec.taints of a node; spec.tolerations of a pod.
std::vector<Taint> TaintsFromJson(const JsonValue* taints);
std::vector<Toleration> TolerationsFromJson(const JsonValue* tolerations);

// Whether `toleration` tolerates `taint`: core/api/taints.h's rule, shared
// with the DaemonSet controller and the taint manager.
bool Tolerates(const Toleration& toleration, const Taint& taint);
bool ToleratedByAny(const std::vector<Toleration>& tolerations, const Taint& taint);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_TAINTS_H_
