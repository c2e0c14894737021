// ClusterIpAllocator: hands out Service cluster IPs from the service CIDR.
#ifndef EKSLITE_APISERVER_REGISTRY_CLUSTER_IP_ALLOCATOR_H_
#define EKSLITE_APISERVER_REGISTRY_CLUSTER_IP_ALLOCATOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Which IPs are taken is read from the Services themselves (through
// `for_each_used`), so nothing is persisted besides the Services. IPs handed
// out but not yet seen in a stored Service are held for a minute, so two
// concurrent creates never get the same one. Thread-safe.
class ClusterIpAllocator {
 public:
  using ForEachUsed = std::function<void(const std::function<void(std::string_view ip)>& visit)>;

  // `cidr` is an IPv4 CIDR such as "10.96.0.0/12". kInvalid otherwise.
  static StatusOr<std::unique_ptr<ClusterIpAllocator>> Create(std::string_view cidr, Clock& clock);

  // Sets the source of used IPs (the Services cache); until set, none are.
  void SetUsedSource(ForEachUsed for_each_used);

  // A free IP, chosen at random. kInternal when the range is full.
  StatusOr<std::string> Allocate();
  // Claims `ip` (a user-chosen clusterIP). kInvalid with upstream's wording
  // when it is outside the range or taken.
  Status Claim(std::string_view ip);
  // The first usable IP, which the `kubernetes` Service gets.
  std::string FirstIp() const;
  bool Contains(std::string_view ip) const;

 private:
  ClusterIpAllocator(uint32_t base, uint32_t size, Clock& clock);
  bool Taken(uint32_t ip);  // EXCLUSIVE_LOCKS_REQUIRED(mu_)

  const uint32_t base_;  // network address
  const uint32_t size_;  // addresses in the range
  Clock& clock_;
  std::mutex mu_;
  ForEachUsed for_each_used_;                   // GUARDED_BY(mu_)
  std::map<uint32_t, Clock::time_point> held_;  // GUARDED_BY(mu_)
  std::mt19937 rng_{std::random_device{}()};    // GUARDED_BY(mu_)
};

// Parses dotted-quad IPv4; nullopt otherwise.
std::optional<uint32_t> ParseIpv4(std::string_view text);
std::string FormatIpv4(uint32_t ip);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_CLUSTER_IP_ALLOCATOR_H_
