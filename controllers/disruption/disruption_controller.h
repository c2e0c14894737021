// DisruptionController: keeps each PodDisruptionBudget's status current
// (upstream's disruption controller), which the eviction subresource reads.
// From the pods its selector matches it computes currentHealthy (Ready pods
// not being deleted and not just evicted), expectedPods (the replicas of the
// pods' controllers, through their spec or scale), desiredHealthy (from
// minAvailable or maxUnavailable, percentages of expectedPods rounded up)
// and disruptionsAllowed, with the DisruptionAllowed condition
// (SufficientPods / InsufficientPods). Evictions the apiserver recorded in
// status.disruptedPods stop counting once the pod is gone or after two
// minutes.
#ifndef EKSLITE_CONTROLLERS_DISRUPTION_DISRUPTION_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_DISRUPTION_DISRUPTION_CONTROLLER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"

namespace ekslite::controllers {

struct DisruptionControllerOptions {
  int workers = 2;
  Clock* clock = &RealClock();
  // How long an eviction recorded in disruptedPods keeps its pod out of the
  // healthy count while the pod is still there (upstream: 2 minutes).
  std::chrono::seconds deletion_timeout{120};
};

class DisruptionController final : public QueueController {
 public:
  // Registers informers for PodDisruptionBudgets and Pods; `client` must
  // outlive the controller.
  DisruptionController(const client::DynamicClient& client, client::InformerFactory& informers,
                       DisruptionControllerOptions options = {});
  ~DisruptionController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  struct Budget {
    int64_t expected = 0;  // expectedPods
    int64_t desired = 0;   // desiredHealthy
  };
  void EnqueueBudgetsOf(const JsonValue& pod);
  std::vector<client::ObjectPtr> PodsOf(const JsonValue& pdb) const;
  Json PendingDisruptions(const JsonValue& pdb, Clock::time_point now,
                          std::optional<Clock::time_point>* next_expiry) const;
  StatusOr<Budget> BudgetOf(const JsonValue& pdb, const std::vector<client::ObjectPtr>& pods) const;
  // The replicas the controller of `pod` wants (nullopt when it has none or
  // it cannot be read); `seen` avoids counting one controller twice.
  StatusOr<std::optional<int64_t>> ControllerReplicas(const JsonValue& pod,
                                                      std::vector<std::string>* seen) const;

  const client::DynamicClient& client_;
  const DisruptionControllerOptions options_;
  std::shared_ptr<client::SharedInformer> budgets_;
  std::shared_ptr<client::SharedInformer> pods_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_DISRUPTION_DISRUPTION_CONTROLLER_H_
