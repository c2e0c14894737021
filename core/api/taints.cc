#include "core/api/taints.h"

namespace ekslite::api {

bool Tolerates(const TolerationFields& toleration, const TaintFields& taint) {
  if (!toleration.effect.empty() && toleration.effect != taint.effect) return false;
  if (!toleration.key.empty() && toleration.key != taint.key) return false;
  if (toleration.op == "Exists") return true;
  return (toleration.op.empty() || toleration.op == "Equal") && toleration.value == taint.value;
}

bool ToleratesTaint(const JsonValue& toleration, const JsonValue& taint) {
  return Tolerates({StringAt(toleration, "key"), StringAt(toleration, "operator"),
                    StringAt(toleration, "value"), StringAt(toleration, "effect")},
                   {StringAt(taint, "key"), StringAt(taint, "value"), StringAt(taint, "effect")});
}

bool TaintTolerated(const JsonValue* tolerations, const JsonValue& taint,
                    const JsonValue** matched) {
  if (tolerations == nullptr || !tolerations->IsArray()) return false;
  for (const JsonValue& t : tolerations->GetArray()) {
    if (!ToleratesTaint(t, taint)) continue;
    if (matched != nullptr) *matched = &t;
    return true;
  }
  return false;
}

}  // namespace ekslite::api
