#include "kubelet/pod_cidrs.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace ekslite::kubelet {

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  std::string s(text);
  in_addr addr{};
  if (inet_pton(AF_INET, s.c_str(), &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::string FormatIpv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xff) + "." +
         std::to_string((ip >> 8) & 0xff) + "." + std::to_string(ip & 0xff);
}

StatusOr<PodCidrs> PodCidrs::Make(std::string_view cluster_cidr, int nodes) {
  auto bad = [&] {
    return Status::Invalid("invalid cluster CIDR \"" + std::string(cluster_cidr) +
                           "\": want an IPv4 range such as 10.244.0.0/16");
  };
  size_t slash = cluster_cidr.find('/');
  if (slash == std::string_view::npos) return bad();
  std::optional<uint32_t> ip = ParseIpv4(cluster_cidr.substr(0, slash));
  std::string_view bits_text = cluster_cidr.substr(slash + 1);
  int bits = -1;
  auto [end, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (!ip || ec != std::errc() || end != bits_text.data() + bits_text.size() || bits < 1 ||
      bits > 28) {
    return bad();
  }
  PodCidrs cidrs;
  cidrs.base_ = *ip & (bits == 0 ? 0 : ~uint32_t{0} << (32 - bits));
  cidrs.block_prefix_ = std::max(24, bits);
  // Smaller blocks while there is not one for every node, down to /28.
  while (cidrs.block_prefix_ < 28 &&
         (uint64_t{1} << (cidrs.block_prefix_ - bits)) < static_cast<uint64_t>(nodes)) {
    ++cidrs.block_prefix_;
  }
  cidrs.block_count_ = 1u << (cidrs.block_prefix_ - bits);
  return cidrs;
}

std::string PodCidrs::Block(uint32_t index) const {
  uint32_t start = base_ + (index % block_count_) * block_size();
  return FormatIpv4(start) + "/" + std::to_string(block_prefix_);
}

std::optional<uint32_t> PodCidrs::IndexOf(std::string_view cidr) const {
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  if (cidr.substr(slash + 1) != std::to_string(block_prefix_)) return std::nullopt;
  std::optional<uint32_t> ip = ParseIpv4(cidr.substr(0, slash));
  if (!ip || *ip < base_) return std::nullopt;
  uint32_t index = (*ip - base_) / block_size();
  if (index >= block_count_ || (*ip - base_) % block_size() != 0) return std::nullopt;
  return index;
}

std::string PodCidrs::Address(uint32_t index, uint32_t offset) const {
  return FormatIpv4(base_ + (index % block_count_) * block_size() + offset);
}

std::optional<uint32_t> AddressPool::Allocate() {
  for (uint32_t offset = 2; offset + 1 < size_; ++offset) {
    uint64_t bit = uint64_t{1} << (offset % 64);
    if ((used_[offset / 64] & bit) == 0) {
      used_[offset / 64] |= bit;
      return offset;
    }
  }
  return std::nullopt;
}

void AddressPool::Mark(uint32_t offset) {
  if (offset < size_) used_[offset / 64] |= uint64_t{1} << (offset % 64);
}

void AddressPool::Release(uint32_t offset) {
  if (offset < size_) used_[offset / 64] &= ~(uint64_t{1} << (offset % 64));
}

}  // namespace ekslite::kubelet
