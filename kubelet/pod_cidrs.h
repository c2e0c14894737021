// PodCidrs: the cluster's pod range (--cluster-cidr) cut into equal blocks,
// one per node, and addresses inside a block for pods. IPv4 only. Blocks are
// /24 when the range has room for every node; a smaller range or more nodes
// than /24 blocks make the blocks smaller (down to /28), and past that
// blocks are reused (the simulation then has duplicate pod IPs; the log says
// so).
#ifndef EKSLITE_KUBELET_POD_CIDRS_H_
#define EKSLITE_KUBELET_POD_CIDRS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::kubelet {

class PodCidrs {
 public:
  // Cuts `cluster_cidr` ("10.244.0.0/16") for `nodes` nodes. kInvalid when it
  // is not an IPv4 CIDR.
  static StatusOr<PodCidrs> Make(std::string_view cluster_cidr, int nodes);

  uint32_t block_count() const { return block_count_; }
  int block_prefix() const { return block_prefix_; }
  // Addresses per block.
  uint32_t block_size() const { return 1u << (32 - block_prefix_); }
  // "10.244.3.0/24" for block 3 (taken modulo block_count()).
  std::string Block(uint32_t index) const;
  // The block `cidr` names, or nullopt when it is not one of ours.
  std::optional<uint32_t> IndexOf(std::string_view cidr) const;
  // Address `offset` inside block `index`: "10.244.3.<offset>".
  std::string Address(uint32_t index, uint32_t offset) const;

 private:
  uint32_t base_ = 0;
  int block_prefix_ = 24;
  uint32_t block_count_ = 1;
};

// Dotted IPv4 text <-> number. ParseIpv4 returns nullopt when malformed.
std::optional<uint32_t> ParseIpv4(std::string_view text);
std::string FormatIpv4(uint32_t ip);

// Which host addresses of one block are taken. Offset 0 is the network and 1
// the node's gateway; the last is broadcast.
class AddressPool {
 public:
  explicit AddressPool(uint32_t size = 256) : used_((size + 63) / 64, 0), size_(size) {}
  // The lowest free offset, now taken; nullopt when the block is full.
  std::optional<uint32_t> Allocate();
  // Marks `offset` taken (an address found in use after a restart).
  void Mark(uint32_t offset);
  void Release(uint32_t offset);

 private:
  std::vector<uint64_t> used_;
  uint32_t size_;
};

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_POD_CIDRS_H_
