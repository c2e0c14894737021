// ResourceQuotaController: keeps each ResourceQuota's status.hard (a copy
// of spec.hard) and status.used current (upstream's resourcequota
// controller). Usage is counted with the same rules the apiserver's quota
// admission uses (core/api/quota_usage.h): object counts (pods, services,
// configmaps, secrets, persistentvolumeclaims, count/<resource>.<group>) and
// pod compute (requests.cpu, limits.memory, ...). Pod changes requeue the
// quotas of their namespace; everything is recounted every resync period.
#ifndef EKSLITE_CONTROLLERS_RESOURCEQUOTA_RESOURCEQUOTA_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_RESOURCEQUOTA_RESOURCEQUOTA_CONTROLLER_H_

#include <memory>
#include <string>

#include "controllers/common/controller_base.h"
#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"

namespace ekslite::controllers {

struct ResourceQuotaControllerOptions {
  int workers = 2;
  Clock* clock = &RealClock();
  std::chrono::milliseconds resync_period{std::chrono::seconds(10)};
};

class ResourceQuotaController final : public QueueController {
 public:
  // Registers informers for ResourceQuotas and Pods; `client` must outlive
  // the controller.
  ResourceQuotaController(const client::DynamicClient& client, client::InformerFactory& informers,
                          ResourceQuotaControllerOptions options = {});
  ~ResourceQuotaController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  void EnqueueNamespace(const JsonValue& object);

  const client::DynamicClient& client_;
  const ResourceQuotaControllerOptions options_;
  std::shared_ptr<client::SharedInformer> quotas_;
  std::shared_ptr<client::SharedInformer> pods_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_RESOURCEQUOTA_RESOURCEQUOTA_CONTROLLER_H_
