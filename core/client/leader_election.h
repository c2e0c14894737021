// LeaderElector: one leader among several candidates, through a
// coordination.k8s.io/v1 Lease, with client-go's rules:
//   - the holder renews spec.renewTime every retry period; a renewal that does
//     not succeed within the renew deadline loses the leadership;
//   - a candidate takes the lease when it is free (no holder) or when it has
//     seen no change to it for leaseDurationSeconds — time measured on the
//     candidate's own clock from when it observed the record, so clocks need
//     not agree;
//   - every write is a compare-and-swap on the Lease's resourceVersion, so
//     two candidates never both win; leaseTransitions counts hand-overs;
//   - on Stop the leader releases the lease (holder "", 1 s duration) so a
//     successor need not wait for it to expire.
// After losing the lease a candidate keeps campaigning.
#ifndef EKSLITE_CORE_CLIENT_LEADER_ELECTION_H_
#define EKSLITE_CORE_CLIENT_LEADER_ELECTION_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/client/cancel_token.h"
#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

struct LeaderElectionOptions {
  std::string lease_namespace = "kube-system";
  std::string lease_name;  // required, e.g. "kube-scheduler"
  std::string identity;    // required, unique per candidate
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  bool release_on_stop = true;
  Clock* clock = &RealClock();
  uint32_t seed = 0;  // for the retry jitter; 0 = random

  // Called on the elector's thread; they must return promptly (start or
  // stop work elsewhere). on_stopped_leading follows every
  // on_started_leading: when the lease is lost, and on Stop.
  std::function<void()> on_started_leading;
  std::function<void()> on_stopped_leading;
  // The holder seen changed (also to this candidate; "" when released).
  std::function<void(const std::string& identity)> on_new_leader;
};

class LeaderElector {
 public:
  // kInvalid when a name is empty or the durations do not satisfy
  // lease_duration > renew_deadline > 1.2 * retry_period > 0. `client` must
  // outlive the elector.
  static StatusOr<std::unique_ptr<LeaderElector>> Create(const DynamicClient& client,
                                                         LeaderElectionOptions options);
  // Stop().
  ~LeaderElector();
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // Campaigns on a thread of its own. Call once.
  void Start();
  // Stops campaigning or leading (releasing the lease when
  // release_on_stop) and joins the thread. Idempotent.
  void Stop();

  bool IsLeader() const { return leading_.load(); }
  // The holder of the lease as last observed ("" if none or unknown).
  std::string Leader() const;

 private:
  LeaderElector(const DynamicClient& client, LeaderElectionOptions options);

  void Run();
  // Acquires the lease or renews it; true when this candidate holds it now.
  bool TryAcquireOrRenew();
  void Release();
  // Sleeps `d` (with up to 1.2 * d of jitter when `jitter`); false if stopped.
  bool Sleep(std::chrono::milliseconds d, bool jitter);
  void Observe(const std::string& raw_spec, const std::string& holder,
               int64_t lease_duration_seconds);

  const LeaderElectionOptions options_;
  ResourceClient leases_;
  CancelToken cancel_;
  std::atomic<bool> leading_{false};
  uint32_t rng_state_;
  std::thread thread_;
  std::mutex lifecycle_mu_;
  bool started_ GUARDED_BY(lifecycle_mu_) = false;
  bool stopped_ GUARDED_BY(lifecycle_mu_) = false;

  mutable std::mutex mu_;
  // The lease's spec as last read or written, and when (on our clock) it
  // last changed.
  std::string observed_raw_ GUARDED_BY(mu_);
  std::string observed_holder_ GUARDED_BY(mu_);
  int64_t observed_duration_seconds_ GUARDED_BY(mu_) = 0;
  std::chrono::steady_clock::time_point observed_at_ GUARDED_BY(mu_);
  std::string reported_leader_;  // the elector thread's only
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_LEADER_ELECTION_H_
