// JobController: runs a batch/v1 Job's pods to completion (upstream's
// job-controller). It keeps up to spec.parallelism pods running until
// spec.completions of them succeeded (or, for Indexed Jobs, one per index),
// counts finished pods into status through the batch.kubernetes.io/
// job-tracking finalizer (a pod cannot vanish before it is counted), fails
// the Job past backoffLimit or activeDeadlineSeconds, honours suspend, and
// deletes finished Jobs after ttlSecondsAfterFinished (upstream's separate
// ttl-after-finished controller, folded in here). Replacements of failed
// pods wait out upstream's pod failure back-off (pod_failure_backoff.h).
#ifndef EKSLITE_CONTROLLERS_JOB_JOB_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_JOB_JOB_CONTROLLER_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/expectations.h"
#include "controllers/job/job_status.h"
#include "controllers/job/pod_census.h"
#include "controllers/job/pod_failure_backoff.h"
#include "core/client/dynamic_client.h"
#include "core/client/event_recorder.h"
#include "core/client/informer_factory.h"
#include "core/thread_annotations.h"

namespace ekslite::controllers {

struct JobControllerOptions {
  int workers = 5;
  job::PodFailureBackoff backoff;
  Clock* clock = &RealClock();
};

class JobController final : public QueueController {
 public:
  // Registers informers for Jobs and Pods with `informers`; `client` must
  // outlive the controller.
  JobController(const client::DynamicClient& client, client::InformerFactory& informers,
                JobControllerOptions options = {});
  ~JobController() override;

 protected:
  Status Sync(const std::string& key) override;

 private:
  void OnPodEvent(const JsonValue& pod, bool added, bool deleted);
  Status Decide(const JsonValue& job, const std::string& key, const job::PodCensus& census,
                const std::optional<job::JobFailure>& failure, Clock::duration backoff_left,
                Json& updated, std::vector<client::ObjectPtr>* to_delete);
  std::vector<client::ObjectPtr> PodsOf(const JsonValue& job) const;
  // The resourceVersion of the status last written for `key` (0: none).
  int64_t LastWritten(const std::string& key);
  Status SyncFinished(const JsonValue& job, const std::vector<client::ObjectPtr>& pods);
  // Creates `count` pods (of `indexes`, for Indexed Jobs), each carrying
  // its index's failures so far.
  Status CreatePods(const JsonValue& job, const std::string& key,
                    const std::vector<int64_t>& indexes, int64_t count,
                    const std::map<int64_t, int64_t>& index_failures);
  Status DeletePods(const JsonValue& job, const std::string& key,
                    const std::vector<client::ObjectPtr>& pods);
  Status RemoveFinalizers(const std::vector<client::ObjectPtr>& pods);

  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> jobs_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::unique_ptr<client::EventRecorder> events_;
  Expectations expectations_;
  // The resourceVersion of each Job's status this controller last wrote: a
  // cached Job older than that has not caught up with counts already made
  // (and finalizers already removed), so it is not acted on.
  std::mutex written_mu_;
  std::map<std::string, int64_t> written_ GUARDED_BY(written_mu_);
  const job::PodFailureBackoff backoff_;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_JOB_JOB_CONTROLLER_H_
