#include "scheduler/taints.h"

#include "core/api/taints.h"

namespace ekslite::scheduler {

std::vector<Taint> TaintsFromJson(const JsonValue* taints) {
  std::vector<Taint> out;
  if (taints == nullptr || !taints->IsArray()) return out;
  for (const JsonValue& t : taints->GetArray()) {
    out.push_back(Taint{std::string(StringAt(t, "key")), std::string(StringAt(t, "value")),
                        std::string(StringAt(t, "effect"))});
  }
  return out;
}

std::vector<Toleration> TolerationsFromJson(const JsonValue* tolerations) {
  std::vector<Toleration> out;
  if (tolerations == nullptr || !tolerations->IsArray()) return out;
  for (const JsonValue& t : tolerations->GetArray()) {
    out.push_back(Toleration{std::string(StringAt(t, "key")), std::string(StringAt(t, "operator")),
                             std::string(StringAt(t, "value")),
                             std::string(StringAt(t, "effect"))});
  }
  return out;
}

bool Tolerates(const Toleration& toleration, const Taint& taint) {
  return api::Tolerates({toleration.key, toleration.op, toleration.value, toleration.effect},
                        {taint.key, taint.value, taint.effect});
}

bool ToleratedByAny(const std::vector<Toleration>& tolerations, const Taint& taint) {
  for (const Toleration& t : tolerations) {
    if (Tolerates(t, taint)) return true;
  }
  return false;
}

}  // namespace ekslite::scheduler
