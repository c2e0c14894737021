#include "apiserver/authz/cluster_role_aggregator.h"

#include <algorithm>

#include "core/log.h"

namespace ekslite::apiserver {
namespace {

// Aggregation chains are short (admin <- edit <- view); more passes than this
// means roles aggregate each other in a cycle that keeps changing.
constexpr int kMaxPasses = 8;

}  // namespace

std::vector<PolicyRule> AggregatedRules(const RbacSnapshot& snapshot, const RbacRole& role) {
  std::vector<PolicyRule> rules;
  for (const api::LabelSelector& selector : role.selectors) {
    // cluster_roles is ordered by name.
    for (const auto& [name, other] : snapshot.cluster_roles) {
      if (name == role.name || !selector.Matches(other->labels)) continue;
      for (const PolicyRule& r : other->rules) {
        if (std::find(rules.begin(), rules.end(), r) == rules.end()) rules.push_back(r);
      }
    }
  }
  return rules;
}

Status ClusterRoleAggregator::Sync() {
  std::lock_guard<std::mutex> lock(mu_);
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    bool changed = false;
    EKS_RETURN_IF_ERROR(Pass(&changed));
    if (!changed) return Status::Ok();
  }
  Logger("authz")->warn("ClusterRole aggregation did not settle after {} passes", kMaxPasses);
  return Status::Ok();
}

Status ClusterRoleAggregator::Pass(bool* changed) {
  std::shared_ptr<const RbacSnapshot> snap = index_.Snapshot();
  Status first_error;
  for (const auto& [name, role] : snap->cluster_roles) {
    if (!role->aggregated) continue;
    std::vector<PolicyRule> rules = AggregatedRules(*snap, *role);
    if (rules == role->rules) continue;
    WriteOptions options;
    options.user = "system:serviceaccount:kube-system:clusterrole-aggregation-controller";
    options.field_manager = "clusterrole-aggregation-controller";
    auto result = registry_.Mutate(
        cluster_roles_, "", name,
        [&](Json& object) -> Status {
          JsonValue list(rapidjson::kArrayType);
          for (const PolicyRule& r : rules) {
            list.PushBack(PolicyRuleToJson(r, object.GetAllocator()), object.GetAllocator());
          }
          SetMember(object, "rules", std::move(list), object.GetAllocator());
          return Status::Ok();
        },
        options);
    if (!result.ok() && !result.status().IsNotFound()) {
      Logger("authz")->error("cannot aggregate ClusterRole {}: {}", name,
                             result.status().ToString());
      if (first_error.ok()) first_error = result.status();
      continue;
    }
    Logger("authz")->info("aggregated {} rules into ClusterRole {}", rules.size(), name);
    *changed = true;
  }
  return first_error;
}

}  // namespace ekslite::apiserver
