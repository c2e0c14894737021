#include "apiserver/admission/admission.h"

#include <string>

#include "apiserver/admission/pod_plugins.h"

namespace ekslite::apiserver {

AdmissionHook NewAdmission(const Registry& registry, AdmissionOptions options) {
  auto quota_locks = std::make_shared<QuotaLocks>();
  return [&registry, options, quota_locks](const ResourceInfo& info, Json& object,
                                           const WriteContext& ctx, AdmissionHold* hold) -> Status {
    bool pod = info.group.empty() && info.resource == "pods" && ctx.subresource.empty();
    if (pod) {
      AddDefaultTolerations(object, options.default_not_ready_toleration_seconds,
                            options.default_unreachable_toleration_seconds);
      std::string before = ToJsonString(object["spec"]);
      EKS_RETURN_IF_ERROR(AdmitLimitRanges(registry, info, ctx.namespace_, object));
      // Defaults from a LimitRange change the pod's QoS class: let the
      // strategy (idempotent for new pods) settle it again.
      if (info.strategy.prepare_for_create && ToJsonString(object["spec"]) != before) {
        EKS_RETURN_IF_ERROR(info.strategy.prepare_for_create(object, ctx));
      }
      EKS_RETURN_IF_ERROR(AdmitPriority(registry, info, object));
    }
    if (info.namespaced && !ctx.namespace_.empty()) {
      EKS_RETURN_IF_ERROR(AdmitQuota(registry, info, ctx.namespace_, object, *quota_locks, hold));
    }
    return Status::Ok();
  };
}

}  // namespace ekslite::apiserver
