#include "kubelet/node_lease.h"

namespace ekslite::kubelet {
namespace {

std::string LeaseSpec(std::string_view node, std::chrono::seconds duration, Clock::time_point now) {
  std::string spec = "{\"holderIdentity\":";
  AppendJsonString(node, &spec);
  spec += ",\"leaseDurationSeconds\":" + std::to_string(duration.count()) + ",\"renewTime\":\"" +
          FormatRfc3339Micro(now) + "\"}";
  return spec;
}

StatusOr<Json> CreateLease(const client::ResourceClient& leases, std::string_view node,
                           std::string_view node_uid, const std::string& spec) {
  std::string lease =
      R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":)";
  AppendJsonString(node, &lease);
  lease += ",\"namespace\":\"" + std::string(kNodeLeaseNamespace) + "\"";
  if (!node_uid.empty()) {
    lease += R"(,"ownerReferences":[{"apiVersion":"v1","kind":"Node","name":)";
    AppendJsonString(node, &lease);
    lease += ",\"uid\":";
    AppendJsonString(node_uid, &lease);
    lease += "}]";
  }
  lease += "},\"spec\":" + spec + "}";
  EKS_ASSIGN_OR_RETURN(Json body, ParseJson(lease));
  return leases.Create(body);
}

}  // namespace

Status RenewNodeLease(const client::DynamicClient& client, std::string_view node,
                      std::string_view node_uid, std::chrono::seconds duration,
                      Clock::time_point now, bool* exists) {
  client::ResourceClient leases =
      client.Resource(client::resources::kLeases, std::string(kNodeLeaseNamespace));
  std::string spec = LeaseSpec(node, duration, now);
  if (!*exists) {
    StatusOr<Json> created = CreateLease(leases, node, node_uid, spec);
    if (created.status().code() != Code::kAlreadyExists) {
      *exists = created.ok();
      return created.status();
    }
  }
  StatusOr<Json> patched = leases.Patch(node, client::PatchType::kMerge, "{\"spec\":" + spec + "}");
  if (patched.status().IsNotFound()) {
    StatusOr<Json> created = CreateLease(leases, node, node_uid, spec);
    *exists = created.ok();
    return created.status();
  }
  *exists = patched.ok();
  return patched.status();
}

}  // namespace ekslite::kubelet
