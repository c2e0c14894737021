// NodeTable: the simulated nodes one process runs — their names (fixed at
// construction), where each stands with the API (registered, gone), its pod
// CIDR block and the pod addresses taken in it — and the two node-level
// syncs: registering/reporting status and renewing the lease. Thread-safe;
// the syncs for one node must not run concurrently (the work queue sees to
// that).
#ifndef EKSLITE_KUBELET_NODE_TABLE_H_
#define EKSLITE_KUBELET_NODE_TABLE_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/thread_annotations.h"
#include "kubelet/node_object.h"
#include "kubelet/pod_cidrs.h"

namespace ekslite::kubelet {

struct NodeTableOptions {
  std::vector<std::string> names;
  NodeTemplate node;
  PodCidrs cidrs;
  std::chrono::seconds lease_duration{40};
  Clock* clock = &RealClock();
};

class NodeTable {
 public:
  NodeTable(const client::DynamicClient& client, NodeTableOptions options);
  NodeTable(const NodeTable&) = delete;
  NodeTable& operator=(const NodeTable&) = delete;

  const std::vector<std::string>& names() const { return options_.names; }
  // Whether `name` is one of this table's nodes (gone or not). Lock-free.
  bool Owns(std::string_view name) const;

  // Gives every node a pod CIDR block: the one its existing Node has, else a
  // block no node in `existing` (the cluster's nodes) uses. Call once, before
  // the first SyncNode.
  void AssignBlocks(const std::vector<client::ObjectPtr>& existing);

  // Registers node `name` (creating its Node, or taking over the one that
  // exists) or, once registered, reports its status. Errors as the client
  // returns them.
  Status SyncNode(const std::string& name);
  // Renews the node's lease (a no-op before registration or once gone).
  Status SyncLease(const std::string& name);
  // The Node was deleted: the node stops (no more status, lease or pods).
  void MarkGone(std::string_view name);

  // Whether the Node of `name` was deleted.
  bool Gone(std::string_view name) const;
  // The node's InternalIP when it is registered and not gone.
  std::optional<std::string> HostIp(std::string_view name) const;
  // A free pod address on node `name` ("" when its block is full).
  std::string AllocatePodIp(std::string_view name);
  // Marks `ip` on node `name` taken (found in use) or free again.
  void MarkPodIp(std::string_view name, std::string_view ip);
  void ReleasePodIp(std::string_view name, std::string_view ip);

  // Nodes registered so far.
  int RegisteredCount() const;

 private:
  struct Record {
    std::string name;
    bool registered = false;
    bool gone = false;
    std::string uid;
    bool lease_exists = false;  // used only by SyncLease (one at a time per node)
    std::optional<uint32_t> block;
    std::string internal_ip;
    AddressPool pool;
    Clock::time_point ready_since{};
  };

  Record* Find(std::string_view name) const;
  NodeIdentity Identity(const Record& r) const EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Status Register(Record& r);
  Status ReportStatus(Record& r);
  // The block offset of `ip` on `r`, or nullopt when outside its block.
  std::optional<uint32_t> Offset(const Record& r, std::string_view ip) const
      EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const client::DynamicClient& client_;
  const NodeTableOptions options_;
  // Built once in the constructor and never changed after: read without mu_.
  std::unordered_map<std::string_view, std::unique_ptr<Record>> records_;
  mutable std::mutex mu_;  // guards every Record's fields
  int registered_ GUARDED_BY(mu_) = 0;
};

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_NODE_TABLE_H_
