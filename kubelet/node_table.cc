#include "kubelet/node_table.h"

#include <set>

#include "core/log.h"
#include "kubelet/node_lease.h"

namespace ekslite::kubelet {
namespace {

// Simulated nodes' InternalIPs: 172.16.0.0/12, one per pod CIDR block.
constexpr uint32_t kNodeIpBase = (172u << 24) | (16u << 16);

}  // namespace

NodeTable::NodeTable(const client::DynamicClient& client, NodeTableOptions options)
    : client_(client), options_(std::move(options)) {
  for (const std::string& name : options_.names) {
    auto record = std::make_unique<Record>();
    record->name = name;
    record->pool = AddressPool(options_.cidrs.block_size());
    std::string_view key = record->name;  // the Record stays put: the key stays valid
    records_.emplace(key, std::move(record));
  }
}

NodeTable::Record* NodeTable::Find(std::string_view name) const {
  auto it = records_.find(name);
  return it == records_.end() ? nullptr : it->second.get();
}

bool NodeTable::Owns(std::string_view name) const { return Find(name) != nullptr; }

void NodeTable::AssignBlocks(const std::vector<client::ObjectPtr>& existing) {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<uint32_t> used;
  for (const client::ObjectPtr& node : existing) {
    std::optional<uint32_t> block = options_.cidrs.IndexOf(StringAt(*node, "spec.podCIDR"));
    if (!block) continue;
    used.insert(*block);
    if (Record* r = Find(StringAt(*node, "metadata.name")); r != nullptr) r->block = block;
  }
  uint32_t next = 0;
  uint32_t count = options_.cidrs.block_count();
  bool wrapped = false;
  for (const std::string& name : options_.names) {
    Record& r = *Find(name);
    if (r.block) continue;
    while (used.count(next % count) != 0 && next < count) ++next;
    if (next >= count) wrapped = true;
    r.block = next % count;
    used.insert(next % count);
    ++next;
  }
  if (wrapped) {
    Logger("kubelet")->warn(
        "the cluster CIDR has fewer /{} blocks than nodes: pod CIDRs repeat; a wider "
        "--cluster-cidr gives each node its own (10.240.0.0/12 has a /24 for 4,096 nodes, a /28 "
        "for 65,536)",
        options_.cidrs.block_prefix());
  }
  for (auto& [name, r] : records_) {
    r->internal_ip = FormatIpv4(kNodeIpBase + *r->block + 1);
  }
}

NodeIdentity NodeTable::Identity(const Record& r) const {
  return {r.name, r.internal_ip, r.block ? options_.cidrs.Block(*r.block) : ""};
}

Status NodeTable::SyncNode(const std::string& name) {
  Record* r = Find(name);
  if (r == nullptr) return Status::Ok();
  bool registered;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (r->gone) return Status::Ok();
    registered = r->registered;
  }
  return registered ? ReportStatus(*r) : Register(*r);
}

Status NodeTable::Register(Record& r) {
  client::ResourceClient nodes = client_.Resource(client::resources::kNodes);
  Clock::time_point now = options_.clock->Now();
  Json node;
  {
    std::lock_guard<std::mutex> lock(mu_);
    node = BuildNode(options_.node, Identity(r), now);
  }
  StatusOr<Json> created = nodes.Create(node);
  std::string uid;
  bool report = false;
  if (created.ok()) {
    uid = std::string(StringAt(*created, "metadata.uid"));
    // A server that drops status on create gets it through nodes/status.
    report = Path(*created, "status.capacity") == nullptr;
  } else if (created.status().code() == Code::kAlreadyExists) {
    // A restarted node keeps its Node (and the pod CIDR it had).
    EKS_ASSIGN_OR_RETURN(Json existing, nodes.Get(r.name));
    uid = std::string(StringAt(existing, "metadata.uid"));
    report = true;
    Logger("kubelet")->debug("node {} exists, taking it over", r.name);
  } else {
    return created.status();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    r.uid = uid;
    r.ready_since = now;
  }
  if (report) EKS_RETURN_IF_ERROR(ReportStatus(r));
  std::lock_guard<std::mutex> lock(mu_);
  if (!r.registered) ++registered_;
  r.registered = true;
  return Status::Ok();
}

Status NodeTable::ReportStatus(Record& r) {
  Clock::time_point now = options_.clock->Now();
  Json patch(rapidjson::kObjectType);
  {
    std::lock_guard<std::mutex> lock(mu_);
    patch.AddMember(
        "status",
        BuildNodeStatus(options_.node, Identity(r), now, r.ready_since, patch.GetAllocator()),
        patch.GetAllocator());
  }
  StatusOr<Json> patched =
      client_.Resource(client::resources::kNodes)
          .Patch(r.name, client::PatchType::kMerge, ToJsonString(patch), {}, "status");
  if (patched.status().IsNotFound()) {
    MarkGone(r.name);
    return Status::Ok();
  }
  return patched.status();
}

Status NodeTable::SyncLease(const std::string& name) {
  Record* r = Find(name);
  if (r == nullptr) return Status::Ok();
  std::string uid;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (r->gone || !r->registered) return Status::Ok();
    uid = r->uid;
  }
  return RenewNodeLease(client_, name, uid, options_.lease_duration, options_.clock->Now(),
                        &r->lease_exists);
}

void NodeTable::MarkGone(std::string_view name) {
  Record* r = Find(name);
  if (r == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (r->gone) return;
  r->gone = true;
  if (r->registered) --registered_;
  Logger("kubelet")->info("node {} was deleted; it stops", name);
}

bool NodeTable::Gone(std::string_view name) const {
  Record* r = Find(name);
  if (r == nullptr) return true;
  std::lock_guard<std::mutex> lock(mu_);
  return r->gone;
}

std::optional<std::string> NodeTable::HostIp(std::string_view name) const {
  Record* r = Find(name);
  if (r == nullptr) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  if (r->gone || !r->registered) return std::nullopt;
  return r->internal_ip;
}

std::optional<uint32_t> NodeTable::Offset(const Record& r, std::string_view ip) const {
  std::optional<uint32_t> value = ParseIpv4(ip);
  std::optional<uint32_t> base = ParseIpv4(options_.cidrs.Address(r.block.value_or(0), 0));
  if (!value || !base || *value < *base || *value - *base >= options_.cidrs.block_size()) {
    return std::nullopt;
  }
  return *value - *base;
}

std::string NodeTable::AllocatePodIp(std::string_view name) {
  Record* r = Find(name);
  if (r == nullptr) return "";
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<uint32_t> offset = r->pool.Allocate();
  if (!offset || !r->block) return "";
  return options_.cidrs.Address(*r->block, *offset);
}

void NodeTable::MarkPodIp(std::string_view name, std::string_view ip) {
  Record* r = Find(name);
  if (r == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (std::optional<uint32_t> offset = Offset(*r, ip)) r->pool.Mark(*offset);
}

void NodeTable::ReleasePodIp(std::string_view name, std::string_view ip) {
  Record* r = Find(name);
  if (r == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (std::optional<uint32_t> offset = Offset(*r, ip)) r->pool.Release(*offset);
}

int NodeTable::RegisteredCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return registered_;
}

}  // namespace ekslite::kubelet
