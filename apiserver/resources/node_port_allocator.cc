#include "apiserver/resources/node_port_allocator.h"

#include <string>

#include "apiserver/cache/resource_cache.h"
#include "core/json.h"

namespace ekslite::apiserver {
namespace {

constexpr auto kHoldTime = std::chrono::minutes(1);

}  // namespace

NodePortAllocator::NodePortAllocator(Clock& clock) : clock_(clock) {}

void NodePortAllocator::SetUsedSource(ForEachUsed for_each_used) {
  std::lock_guard<std::mutex> lock(mu_);
  for_each_used_ = std::move(for_each_used);
}

std::set<int64_t> NodePortAllocator::Used() {
  auto now = clock_.Now();
  std::erase_if(held_, [&](const auto& h) { return now - h.second > kHoldTime; });
  std::set<int64_t> used;
  for (const auto& h : held_) used.insert(h.first);
  if (for_each_used_) for_each_used_([&](int64_t port) { used.insert(port); });
  return used;
}

StatusOr<int64_t> NodePortAllocator::Allocate(const std::set<int64_t>& exclude) {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<int64_t> used = Used();
  used.insert(exclude.begin(), exclude.end());
  const int64_t size = kLast - kFirst + 1;
  std::uniform_int_distribution<int64_t> pick(0, size - 1);
  int64_t start = pick(rng_);
  for (int64_t i = 0; i < size; ++i) {
    int64_t port = kFirst + (start + i) % size;
    if (used.count(port) != 0) continue;
    held_[port] = clock_.Now();
    return port;
  }
  return Status::Internal("range is full");
}

Status NodePortAllocator::Claim(int64_t port, const std::set<int64_t>& own) {
  std::lock_guard<std::mutex> lock(mu_);
  if (port < kFirst || port > kLast) {
    return Status::Invalid("provided port is not in the valid range. The range of valid ports is " +
                           std::to_string(kFirst) + "-" + std::to_string(kLast));
  }
  if (own.count(port) != 0) return Status::Ok();
  if (Used().count(port) != 0) return Status::Invalid("provided port is already allocated");
  held_[port] = clock_.Now();
  return Status::Ok();
}

NodePortAllocator::ForEachUsed NodePortsOfServices(const ResourceCache* services) {
  return [services](const std::function<void(int64_t)>& visit) {
    if (services == nullptr) return;
    CacheListOptions all;
    all.prefix = "/core/services/";
    auto list = services->List(all);
    if (!list.ok()) return;
    for (const ObjectPtr& o : list->items) {
      // Only NodePort and LoadBalancer Services hold node ports.
      if (o->json.find("\"nodePort\"") == std::string::npos) continue;
      auto svc = ParseJson(o->json);
      if (!svc.ok()) continue;
      const JsonValue* ports = Path(*svc, "spec.ports");
      if (ports == nullptr || !ports->IsArray()) continue;
      for (const JsonValue& p : ports->GetArray()) {
        if (auto n = IntAt(p, "nodePort"); n && *n != 0) visit(*n);
      }
    }
  };
}

}  // namespace ekslite::apiserver
