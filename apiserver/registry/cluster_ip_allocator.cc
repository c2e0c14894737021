#include "apiserver/registry/cluster_ip_allocator.h"

#include <set>

namespace ekslite::apiserver {
namespace {

constexpr auto kHoldTime = std::chrono::minutes(1);

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t out = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    uint32_t v = 0;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      v = v * 10 + static_cast<uint32_t>(text[i++] - '0');
    }
    if (v > 255 || (i - start > 1 && text[start] == '0')) return std::nullopt;
    out = (out << 8) | v;
    if (++parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

std::string FormatIpv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

StatusOr<std::unique_ptr<ClusterIpAllocator>> ClusterIpAllocator::Create(std::string_view cidr,
                                                                         Clock& clock) {
  size_t slash = cidr.find('/');
  auto ip = ParseIpv4(cidr.substr(0, slash));
  int bits = -1;
  if (slash != std::string_view::npos) {
    std::string_view b = cidr.substr(slash + 1);
    if (!b.empty() && b.size() <= 2 &&
        b.find_first_not_of("0123456789") == std::string_view::npos) {
      bits = std::stoi(std::string(b));
    }
  }
  if (!ip || bits < 8 || bits > 30) {
    return Status::Invalid("invalid service CIDR \"" + std::string(cidr) +
                           "\": want an IPv4 CIDR with a prefix length from 8 to 30");
  }
  uint32_t size = 1u << (32 - bits);
  uint32_t base = *ip & ~(size - 1);
  return std::unique_ptr<ClusterIpAllocator>(new ClusterIpAllocator(base, size, clock));
}

ClusterIpAllocator::ClusterIpAllocator(uint32_t base, uint32_t size, Clock& clock)
    : base_(base), size_(size), clock_(clock) {}

void ClusterIpAllocator::SetUsedSource(ForEachUsed for_each_used) {
  std::lock_guard<std::mutex> lock(mu_);
  for_each_used_ = std::move(for_each_used);
}

std::string ClusterIpAllocator::FirstIp() const { return FormatIpv4(base_ + 1); }

bool ClusterIpAllocator::Contains(std::string_view text) const {
  auto ip = ParseIpv4(text);
  // The network and broadcast addresses are not handed out.
  return ip && *ip > base_ && *ip < base_ + size_ - 1;
}

bool ClusterIpAllocator::Taken(uint32_t ip) {
  auto now = clock_.Now();
  std::erase_if(held_, [&](const auto& h) { return now - h.second > kHoldTime; });
  if (held_.count(ip) != 0) return true;
  bool used = false;
  if (for_each_used_) {
    std::string want = FormatIpv4(ip);
    for_each_used_([&](std::string_view s) { used = used || s == want; });
  }
  return used;
}

StatusOr<std::string> ClusterIpAllocator::Allocate() {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<uint32_t> used;
  auto now = clock_.Now();
  std::erase_if(held_, [&](const auto& h) { return now - h.second > kHoldTime; });
  for (const auto& h : held_) used.insert(h.first);
  if (for_each_used_) {
    for_each_used_([&](std::string_view s) {
      if (auto ip = ParseIpv4(s)) used.insert(*ip);
    });
  }
  // Usable: base+1 .. base+size-2; the first is the kubernetes Service's.
  uint32_t usable = size_ - 2;
  if (used.size() >= usable) return Status::Internal("range is full");
  std::uniform_int_distribution<uint32_t> pick(0, usable - 1);
  uint32_t start = pick(rng_);
  for (uint32_t i = 0; i < usable; ++i) {
    uint32_t ip = base_ + 1 + (start + i) % usable;
    if (ip == base_ + 1 || used.count(ip) != 0) continue;
    held_[ip] = now;
    return FormatIpv4(ip);
  }
  return Status::Internal("range is full");
}

Status ClusterIpAllocator::Claim(std::string_view text) {
  std::lock_guard<std::mutex> lock(mu_);
  auto ip = ParseIpv4(text);
  std::string prefix = "failed to allocate IP " + std::string(text) + ": ";
  if (!ip || *ip <= base_ || *ip >= base_ + size_ - 1) {
    return Status::Invalid(prefix + "the provided IP (" + std::string(text) +
                           ") is not in the valid range. The range of valid IPs is " +
                           FormatIpv4(base_) + "/" + std::to_string(32 - __builtin_ctz(size_)));
  }
  if (Taken(*ip)) return Status::Invalid(prefix + "provided IP is already allocated");
  held_[*ip] = clock_.Now();
  return Status::Ok();
}

}  // namespace ekslite::apiserver
