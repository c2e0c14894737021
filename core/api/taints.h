// Taints and tolerations (core/v1): whether a pod's tolerations tolerate a
// node's taint, as the scheduler, the DaemonSet controller and the NoExecute
// taint manager decide it.
#ifndef EKSLITE_CORE_API_TAINTS_H_
#define EKSLITE_CORE_API_TAINTS_H_

#include <string_view>

#include "core/json.h"

namespace ekslite::api {

// The fields the rule reads.
struct TolerationFields {
  std::string_view key;
  std::string_view op;  // "Exists", "Equal", or "" (Equal)
  std::string_view value;
  std::string_view effect;
};
struct TaintFields {
  std::string_view key;
  std::string_view value;
  std::string_view effect;
};

// The rule, as upstream's Toleration.ToleratesTaint: the effects agree (an
// empty toleration effect matches every effect), the keys agree (an empty
// toleration key matches every key), and then Exists tolerates any value,
// Equal (or no operator) only an equal one; another operator nothing.
bool Tolerates(const TolerationFields& toleration, const TaintFields& taint);

// The same for JSON objects (core/v1 Toleration and Taint).
bool ToleratesTaint(const JsonValue& toleration, const JsonValue& taint);

// True when one of `tolerations` (a JSON array, or null) tolerates `taint`.
// The matching toleration is stored in `*matched` when given.
bool TaintTolerated(const JsonValue* tolerations, const JsonValue& taint,
                    const JsonValue** matched = nullptr);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_TAINTS_H_
