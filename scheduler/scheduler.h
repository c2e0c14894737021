// The default scheduler as a Component: watches pods and nodes through the
// shared informers, keeps a SchedulerCache and a SchedulingQueue, and on
// one thread takes the next pending pod whose spec.schedulerName is its
// name, picks a node with the default profile's plugins, assumes the pod
// there and hands the binding (POST pods/binding) to a small pool of
// binders, so that many bindings are in flight at once.
//
// A pod that fits nowhere gets condition PodScheduled=False (reason
// Unschedulable, upstream's message) through pods/status and a Warning
// FailedScheduling event; if it has priority over pods somewhere, those are
// preempted (deleted, with a DisruptionTarget condition) and the pod's
// status.nominatedNodeName names the node. A bound pod gets a Normal
// Scheduled event "Successfully assigned <ns>/<name> to <node>".
#ifndef EKSLITE_SCHEDULER_SCHEDULER_H_
#define EKSLITE_SCHEDULER_SCHEDULER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"
#include "scheduler/profile.h"

namespace ekslite::scheduler {

struct SchedulerOptions {
  // Pods whose spec.schedulerName is this are ours; others are left alone.
  std::string scheduler_name = std::string(kDefaultSchedulerName);
  ProfileOptions profile;
  // Bindings in flight at once.
  int bind_workers = 16;
  // Record Scheduled/FailedScheduling/Preempted events.
  bool record_events = true;
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds max_in_unschedulable{5 * 60 * 1000};
  // How long Start waits for the informers' first lists.
  std::chrono::milliseconds sync_timeout{60000};
  Clock* clock = &RealClock();
};

// Counters, for tests and the benchmark.
struct SchedulerStats {
  int64_t scheduled = 0;  // bindings that succeeded
  int64_t bind_failures = 0;
  int64_t unschedulable = 0;  // attempts that found no node
  int64_t preemptions = 0;    // attempts that chose victims
};

class Scheduler : public Component {
 public:
  virtual SchedulerStats stats() const = 0;
};

// A scheduler using `client` and `informers` (both must outlive it). Its
// informers are registered now; start the factory, then Start().
std::unique_ptr<Scheduler> NewScheduler(const client::DynamicClient& client,
                                        client::InformerFactory& informers,
                                        SchedulerOptions options = {});

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_SCHEDULER_H_
