// Taints and tolerations (core/v1): whether a pod's tolerations tolerate a
// node's taint, as the scheduler, the DaemonSet controller and the NoExecute
// taint manager decide it.
#ifndef EKSLITE_CORE_API_TAINTS_H_
#define EKSLITE_CORE_API_TAINTS_H_

#include "core/json.h"

namespace ekslite::api {

// True when `toleration` tolerates `taint`: the effects agree (an empty
// toleration effect matches every effect), and either the toleration has no
// key and operator Exists (it tolerates everything), or the keys agree and
// the operator is Exists or the values are equal (Equal, the default).
bool ToleratesTaint(const JsonValue& toleration, const JsonValue& taint);

// True when one of `tolerations` (a JSON array, or null) tolerates `taint`.
// The matching toleration is stored in `*matched` when given.
bool TaintTolerated(const JsonValue* tolerations, const JsonValue& taint,
                    const JsonValue** matched = nullptr);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_TAINTS_H_
