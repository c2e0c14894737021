#include "core/client/leader_election.h"

#include <random>

#include "core/log.h"

namespace ekslite::client {
namespace {

constexpr double kJitterFactor = 1.2;

// The part of a Lease this elector writes.
struct LeaseRecord {
  std::string holder;
  int64_t lease_duration_seconds = 0;
  std::string acquire_time;
  std::string renew_time;
  int64_t transitions = 0;
};

LeaseRecord RecordFrom(const JsonValue& lease) {
  LeaseRecord r;
  r.holder = std::string(StringAt(lease, "spec.holderIdentity"));
  r.lease_duration_seconds = IntAt(lease, "spec.leaseDurationSeconds").value_or(0);
  r.acquire_time = std::string(StringAt(lease, "spec.acquireTime"));
  r.renew_time = std::string(StringAt(lease, "spec.renewTime"));
  r.transitions = IntAt(lease, "spec.leaseTransitions").value_or(0);
  return r;
}

// Sets `lease`'s spec to `r`.
void WriteRecord(const LeaseRecord& r, Json& lease) {
  auto& a = lease.GetAllocator();
  JsonValue spec(rapidjson::kObjectType);
  SetString(spec, "holderIdentity", r.holder, a);
  SetInt(spec, "leaseDurationSeconds", r.lease_duration_seconds, a);
  if (!r.acquire_time.empty()) SetString(spec, "acquireTime", r.acquire_time, a);
  if (!r.renew_time.empty()) SetString(spec, "renewTime", r.renew_time, a);
  SetInt(spec, "leaseTransitions", r.transitions, a);
  SetMember(lease, "spec", std::move(spec), a);
}

std::string RawSpec(const JsonValue& lease) {
  const JsonValue* spec = Member(lease, "spec");
  return spec != nullptr ? ToJsonString(*spec) : std::string();
}

}  // namespace

StatusOr<std::unique_ptr<LeaderElector>> LeaderElector::Create(const DynamicClient& client,
                                                               LeaderElectionOptions options) {
  if (options.lease_name.empty()) return Status::Invalid("leader election: lease_name is required");
  if (options.identity.empty()) return Status::Invalid("leader election: identity is required");
  if (options.retry_period.count() <= 0) {
    return Status::Invalid("leader election: retry_period must be positive");
  }
  if (options.lease_duration <= options.renew_deadline) {
    return Status::Invalid("leader election: lease_duration must be longer than renew_deadline");
  }
  if (options.renew_deadline.count() <= kJitterFactor * options.retry_period.count()) {
    return Status::Invalid(
        "leader election: renew_deadline must be longer than 1.2 * retry_period");
  }
  return std::unique_ptr<LeaderElector>(new LeaderElector(client, std::move(options)));
}

LeaderElector::LeaderElector(const DynamicClient& client, LeaderElectionOptions options)
    : options_(std::move(options)),
      leases_(client.Resource(resources::kLeases, options_.lease_namespace)),
      rng_state_(options_.seed != 0 ? options_.seed : std::random_device{}()) {}

LeaderElector::~LeaderElector() { Stop(); }

void LeaderElector::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void LeaderElector::Stop() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  cancel_.Cancel();
  thread_.join();
}

std::string LeaderElector::Leader() const {
  std::lock_guard<std::mutex> lock(mu_);
  return observed_holder_;
}

bool LeaderElector::Sleep(std::chrono::milliseconds d, bool jitter) {
  if (jitter) {
    std::minstd_rand rng(rng_state_);
    rng_state_ = static_cast<uint32_t>(rng());
    double f = std::uniform_real_distribution<double>(0, kJitterFactor)(rng);
    d += std::chrono::milliseconds(static_cast<int64_t>(f * static_cast<double>(d.count())));
  }
  return cancel_.SleepFor(*options_.clock, d);
}

void LeaderElector::Run() {
  auto log = Logger("client");
  const Clock& clock = *options_.clock;
  bool announced = false;  // on_started_leading was called
  while (!cancel_.cancelled()) {
    // Campaign until the lease is ours.
    while (!TryAcquireOrRenew()) {
      if (!Sleep(options_.retry_period, /*jitter=*/true)) return;
    }
    leading_ = true;  // before the check below: a Stop now still releases
    if (cancel_.cancelled()) break;
    log->info("leader election: {} acquired lease {}/{}", options_.identity,
              options_.lease_namespace, options_.lease_name);
    announced = true;
    if (options_.on_started_leading) options_.on_started_leading();
    // Renew: each round must succeed within the renew deadline.
    while (!cancel_.cancelled()) {
      auto deadline = clock.Monotonic() + options_.renew_deadline;
      bool renewed = false;
      while (!cancel_.cancelled() && clock.Monotonic() < deadline) {
        if ((renewed = TryAcquireOrRenew())) break;
        if (!Sleep(options_.retry_period, false)) break;
      }
      if (cancel_.cancelled()) break;
      if (!renewed) break;
      if (!Sleep(options_.retry_period, false)) break;
    }
    if (cancel_.cancelled()) break;
    leading_ = false;
    announced = false;
    log->warn("leader election: {} lost lease {}/{}", options_.identity, options_.lease_namespace,
              options_.lease_name);
    if (options_.on_stopped_leading) options_.on_stopped_leading();
  }
  if (leading_) {
    if (options_.release_on_stop) Release();
    leading_ = false;
    if (announced && options_.on_stopped_leading) options_.on_stopped_leading();
  }
}

void LeaderElector::Observe(const std::string& raw_spec, const std::string& holder,
                            int64_t lease_duration_seconds) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (raw_spec == observed_raw_) return;
    observed_raw_ = raw_spec;
    observed_holder_ = holder;
    observed_duration_seconds_ = lease_duration_seconds;
    observed_at_ = options_.clock->Monotonic();
  }
  if (holder != reported_leader_) {
    reported_leader_ = holder;
    if (options_.on_new_leader) options_.on_new_leader(holder);
  }
}

bool LeaderElector::TryAcquireOrRenew() {
  const Clock& clock = *options_.clock;
  LeaseRecord mine;
  mine.holder = options_.identity;
  mine.lease_duration_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(options_.lease_duration).count();
  mine.acquire_time = mine.renew_time = FormatRfc3339Micro(clock.Now());

  StatusOr<Json> lease = leases_.Get(options_.lease_name);
  if (!lease.ok()) {
    if (!lease.status().IsNotFound()) {
      Logger("client")->warn("leader election: reading lease {}/{}: {}", options_.lease_namespace,
                             options_.lease_name, lease.status().ToString());
      return false;
    }
    Json fresh(rapidjson::kObjectType);
    auto& a = fresh.GetAllocator();
    SetString(fresh, "apiVersion", resources::kLeases.ApiVersion(), a);
    SetString(fresh, "kind", "Lease", a);
    JsonValue& meta = EnsureObject(fresh, "metadata", a);
    SetString(meta, "name", options_.lease_name, a);
    SetString(meta, "namespace", options_.lease_namespace, a);
    WriteRecord(mine, fresh);
    StatusOr<Json> created = leases_.Create(fresh);
    if (!created.ok()) return false;  // someone else created it first
    Observe(RawSpec(*created), mine.holder, mine.lease_duration_seconds);
    return true;
  }

  LeaseRecord old = RecordFrom(*lease);
  Observe(RawSpec(*lease), old.holder, old.lease_duration_seconds);
  bool held_by_me = old.holder == options_.identity;
  if (!old.holder.empty() && !held_by_me) {
    std::lock_guard<std::mutex> lock(mu_);
    auto expires = observed_at_ + std::chrono::seconds(observed_duration_seconds_);
    if (clock.Monotonic() < expires) return false;  // held, and renewed recently
  }
  if (held_by_me) {
    mine.acquire_time = old.acquire_time;
    mine.transitions = old.transitions;
  } else {
    mine.transitions = old.transitions + 1;
  }
  WriteRecord(mine, *lease);  // keeps metadata.resourceVersion: a compare-and-swap
  StatusOr<Json> updated = leases_.Update(*lease);
  if (!updated.ok()) {
    if (!updated.status().IsConflict()) {
      Logger("client")->warn("leader election: updating lease {}/{}: {}", options_.lease_namespace,
                             options_.lease_name, updated.status().ToString());
    }
    return false;
  }
  Observe(RawSpec(*updated), mine.holder, mine.lease_duration_seconds);
  return true;
}

void LeaderElector::Release() {
  StatusOr<Json> lease = leases_.Get(options_.lease_name);
  if (!lease.ok()) return;
  LeaseRecord old = RecordFrom(*lease);
  if (old.holder != options_.identity) return;
  LeaseRecord released;
  released.lease_duration_seconds = 1;
  released.acquire_time = released.renew_time = FormatRfc3339Micro(options_.clock->Now());
  released.transitions = old.transitions;
  WriteRecord(released, *lease);
  StatusOr<Json> updated = leases_.Update(*lease);
  if (!updated.ok()) {
    Logger("client")->warn("leader election: releasing lease {}/{}: {}", options_.lease_namespace,
                           options_.lease_name, updated.status().ToString());
    return;
  }
  Logger("client")->info("leader election: {} released lease {}/{}", options_.identity,
                         options_.lease_namespace, options_.lease_name);
  Observe(RawSpec(*updated), "", 1);
}

}  // namespace ekslite::client
