// NodePortAllocator: hands out Service node ports from the node port range
// (30000-32767), so that no two Services share one.
#ifndef EKSLITE_APISERVER_RESOURCES_NODE_PORT_ALLOCATOR_H_
#define EKSLITE_APISERVER_RESOURCES_NODE_PORT_ALLOCATOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "core/clock.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Like the ClusterIpAllocator, it persists nothing: the ports in use are read
// from the stored Services (through the used source), and ports handed out
// but not yet seen there are held for a minute so that concurrent creates
// never get the same one. Thread-safe.
class NodePortAllocator {
 public:
  // Calls `visit` with every node port the stored Services use.
  using ForEachUsed = std::function<void(const std::function<void(int64_t port)>& visit)>;

  static constexpr int64_t kFirst = 30000;
  static constexpr int64_t kLast = 32767;

  explicit NodePortAllocator(Clock& clock);
  NodePortAllocator(const NodePortAllocator&) = delete;
  NodePortAllocator& operator=(const NodePortAllocator&) = delete;

  // Sets the source of used ports (the Services cache); until set, none are.
  void SetUsedSource(ForEachUsed for_each_used);

  // A free port chosen at random, not in `exclude` (ports the same Service
  // already has). kInternal ("range is full") when none is left.
  StatusOr<int64_t> Allocate(const std::set<int64_t>& exclude);
  // Claims `port`, which a client chose. kInvalid with upstream's wording
  // when it is outside the range or another Service has it. `own` holds the
  // ports the Service had before this write, which it may keep.
  Status Claim(int64_t port, const std::set<int64_t>& own);

 private:
  // The ports in use or held. EXCLUSIVE_LOCKS_REQUIRED(mu_)
  std::set<int64_t> Used();

  Clock& clock_;
  std::mutex mu_;
  ForEachUsed for_each_used_;                  // GUARDED_BY(mu_)
  std::map<int64_t, Clock::time_point> held_;  // GUARDED_BY(mu_)
  std::mt19937 rng_{std::random_device{}()};   // GUARDED_BY(mu_)
};

class ResourceCache;

// The used source that reads the node ports of the Services in `services`
// (the cache of /core/services/, which must outlive the allocator).
NodePortAllocator::ForEachUsed NodePortsOfServices(const ResourceCache* services);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_NODE_PORT_ALLOCATOR_H_
