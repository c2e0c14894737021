#include "core/api/taints.h"

namespace ekslite::api {

bool ToleratesTaint(const JsonValue& toleration, const JsonValue& taint) {
  std::string_view effect = StringAt(toleration, "effect");
  if (!effect.empty() && effect != StringAt(taint, "effect")) return false;
  std::string_view key = StringAt(toleration, "key");
  std::string_view op = StringAt(toleration, "operator", "Equal");
  if (key.empty()) return op == "Exists";
  if (key != StringAt(taint, "key")) return false;
  if (op == "Exists") return true;
  return op == "Equal" && StringAt(toleration, "value") == StringAt(taint, "value");
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
