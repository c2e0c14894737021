// CronJobController: starts a CronJob's Jobs on its schedule (upstream's
// cronjob-controller v2). At each scheduled time it creates the Job
// "<cronjob>-<scheduled time in minutes since the epoch>" from
// spec.jobTemplate, unless the CronJob is suspended, the time was missed by
// more than startingDeadlineSeconds, or concurrencyPolicy says otherwise
// (Forbid: skip while a Job runs; Replace: delete the running ones first).
// It keeps status.active, lastScheduleTime and lastSuccessfulTime, and
// deletes finished Jobs beyond successfulJobsHistoryLimit (3) and
// failedJobsHistoryLimit (1). spec.timeZone names the zone the schedule is
// read in (UTC by default).
#ifndef EKSLITE_CONTROLLERS_CRONJOB_CRONJOB_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_CRONJOB_CRONJOB_CONTROLLER_H_

#include <memory>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/cronjob/schedule.h"
#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/informer_factory.h"

namespace ekslite::controllers {

struct CronJobControllerOptions {
  int workers = 2;
  Clock* clock = &RealClock();
};

class CronJobController final : public QueueController {
 public:
  // Registers informers for CronJobs and Jobs; `client` must outlive the
  // controller.
  CronJobController(const client::DynamicClient& client, client::InformerFactory& informers,
                    CronJobControllerOptions options = {});
  ~CronJobController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  void EnqueueOwner(const JsonValue& job);
  // Drops finished Jobs from status.active (recording SawCompletedJob and
  // lastSuccessfulTime) and deletes those beyond the history limits.
  Status TrackJobs(const JsonValue& cronjob, const std::vector<client::ObjectPtr>& jobs,
                   Json& updated);
  Status DeleteJob(const JsonValue& cronjob, const JsonValue& job);
  StatusOr<cronjob::Schedule> ScheduleOf(const JsonValue& cronjob);
  Status StartJob(const JsonValue& cronjob, const std::vector<client::ObjectPtr>& jobs,
                  Clock::time_point due, Json& updated, bool* waiting);

  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> cronjobs_;
  std::shared_ptr<client::SharedInformer> jobs_;
  std::unique_ptr<client::EventRecorder> events_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_CRONJOB_CRONJOB_CONTROLLER_H_
