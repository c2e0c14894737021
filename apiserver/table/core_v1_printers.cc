#include "apiserver/table/core_v1_printers.h"

#include <algorithm>
#include <map>

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

// The reason a container status reports, upstream's way, for the pod STATUS.
struct PodState {
  std::string reason;
  int64_t restarts = 0;
  int ready = 0;
};

bool InitContainersBlock(const JsonValue& pod, PodState* st) {
  const JsonValue* inits = Path(pod, "status.initContainerStatuses");
  if (inits == nullptr || !inits->IsArray()) return false;
  size_t total = MemberCount(pod, "spec.initContainers");
  for (size_t i = 0; i < inits->Size(); ++i) {
    const JsonValue& c = (*inits)[static_cast<rapidjson::SizeType>(i)];
    st->restarts += IntAt(c, "restartCount").value_or(0);
    const JsonValue* term = Path(c, "state.terminated");
    const JsonValue* wait = Path(c, "state.waiting");
    if (term != nullptr && IntAt(*term, "exitCode").value_or(0) == 0) continue;
    if (term != nullptr) {
      std::string_view reason = StringAt(*term, "reason");
      if (!reason.empty()) {
        st->reason = "Init:" + std::string(reason);
      } else if (int64_t sig = IntAt(*term, "signal").value_or(0); sig != 0) {
        st->reason = "Init:Signal:" + std::to_string(sig);
      } else {
        st->reason = "Init:ExitCode:" + std::to_string(IntAt(*term, "exitCode").value_or(0));
      }
    } else if (wait != nullptr && !StringAt(*wait, "reason").empty() &&
               StringAt(*wait, "reason") != "PodInitializing") {
      st->reason = "Init:" + std::string(StringAt(*wait, "reason"));
    } else {
      st->reason = "Init:" + std::to_string(i) + "/" + std::to_string(total);
    }
    return true;
  }
  return false;
}

void ContainerStates(const JsonValue& pod, PodState* st) {
  const JsonValue* cs = Path(pod, "status.containerStatuses");
  if (cs == nullptr || !cs->IsArray()) return;
  st->restarts = 0;
  bool running = false;
  for (size_t i = cs->Size(); i-- > 0;) {
    const JsonValue& c = (*cs)[static_cast<rapidjson::SizeType>(i)];
    st->restarts += IntAt(c, "restartCount").value_or(0);
    const JsonValue* term = Path(c, "state.terminated");
    const JsonValue* wait = Path(c, "state.waiting");
    if (wait != nullptr && !StringAt(*wait, "reason").empty()) {
      st->reason = StringAt(*wait, "reason");
    } else if (term != nullptr && !StringAt(*term, "reason").empty()) {
      st->reason = StringAt(*term, "reason");
    } else if (term != nullptr) {
      int64_t sig = IntAt(*term, "signal").value_or(0);
      st->reason = sig != 0 ? "Signal:" + std::to_string(sig)
                            : "ExitCode:" + std::to_string(IntAt(*term, "exitCode").value_or(0));
    } else if (const JsonValue* ready = Member(c, "ready"); ready != nullptr && ready->IsBool() &&
                                                            ready->GetBool() &&
                                                            Path(c, "state.running") != nullptr) {
      running = true;
      ++st->ready;
    }
  }
  if (st->reason == "Completed" && running) {
    st->reason = ConditionStatus(pod, "Ready") == "True" ? "Running" : "NotReady";
  }
}

void PodRow(const JsonValue& pod, Clock::time_point now, std::vector<std::string>* cells) {
  PodState st;
  st.reason = StringAt(pod, "status.phase");
  if (!StringAt(pod, "status.reason").empty()) st.reason = StringAt(pod, "status.reason");
  bool initializing = InitContainersBlock(pod, &st);
  if (!initializing || ConditionStatus(pod, "Initialized") == "True") ContainerStates(pod, &st);
  if (Path(pod, "metadata.deletionTimestamp") != nullptr) {
    st.reason = StringAt(pod, "status.reason") == "NodeLost" ? "Unknown" : "Terminating";
  }
  cells->push_back(NameCell(pod));
  cells->push_back(StringCell(std::to_string(st.ready) + "/" +
                              std::to_string(MemberCount(pod, "spec.containers"))));
  cells->push_back(StringCell(st.reason));
  cells->push_back(StringCell(std::to_string(st.restarts)));
  cells->push_back(StringCell(AgeOf(pod, now)));
  cells->push_back(StringCell(OrNone(StringAt(pod, "status.podIP"))));
  cells->push_back(StringCell(OrNone(StringAt(pod, "spec.nodeName"))));
  cells->push_back(StringCell(OrNone(StringAt(pod, "status.nominatedNodeName"))));
  size_t gates = MemberCount(pod, "spec.readinessGates");
  cells->push_back(StringCell(gates == 0 ? "<none>" : "0/" + std::to_string(gates)));
}

std::string NodeRoles(const JsonValue& node) {
  std::vector<std::string> roles;
  if (const JsonValue* labels = Path(node, "metadata.labels"); labels && labels->IsObject()) {
    for (const auto& m : labels->GetObject()) {
      std::string_view k = View(m.name);
      if (k.rfind("node-role.kubernetes.io/", 0) == 0 && k.size() > 24) {
        roles.emplace_back(k.substr(24));
      } else if (k == "kubernetes.io/role" && !View(m.value).empty()) {
        roles.emplace_back(View(m.value));
      }
    }
  }
  std::sort(roles.begin(), roles.end());
  std::string out;
  for (const std::string& r : roles) out += (out.empty() ? "" : ",") + r;
  return OrNone(out);
}

std::string NodeAddress(const JsonValue& node, std::string_view type) {
  const JsonValue* addrs = Path(node, "status.addresses");
  if (addrs == nullptr || !addrs->IsArray()) return "<none>";
  for (const JsonValue& a : addrs->GetArray()) {
    if (StringAt(a, "type") == type) return std::string(StringAt(a, "address"));
  }
  return "<none>";
}

void NodeRow(const JsonValue& node, Clock::time_point now, std::vector<std::string>* cells) {
  std::string ready = ConditionStatus(node, "Ready");
  std::string status = ready == "True" ? "Ready" : (ready.empty() ? "Unknown" : "NotReady");
  if (const JsonValue* u = Path(node, "spec.unschedulable"); u && u->IsBool() && u->GetBool()) {
    status += ",SchedulingDisabled";
  }
  cells->push_back(NameCell(node));
  cells->push_back(StringCell(status));
  cells->push_back(StringCell(NodeRoles(node)));
  cells->push_back(StringCell(AgeOf(node, now)));
  cells->push_back(StringCell(StringAt(node, "status.nodeInfo.kubeletVersion")));
  cells->push_back(StringCell(NodeAddress(node, "InternalIP")));
  cells->push_back(StringCell(NodeAddress(node, "ExternalIP")));
  cells->push_back(StringCell(OrNone(StringAt(node, "status.nodeInfo.osImage"))));
  cells->push_back(StringCell(OrNone(StringAt(node, "status.nodeInfo.kernelVersion"))));
  cells->push_back(StringCell(OrNone(StringAt(node, "status.nodeInfo.containerRuntimeVersion"))));
}

std::string ServicePorts(const JsonValue& svc) {
  const JsonValue* ports = Path(svc, "spec.ports");
  if (ports == nullptr || !ports->IsArray() || ports->Empty()) return "<none>";
  std::string out;
  for (const JsonValue& p : ports->GetArray()) {
    if (!out.empty()) out += ",";
    out += std::to_string(IntAt(p, "port").value_or(0));
    if (int64_t np = IntAt(p, "nodePort").value_or(0); np != 0) out += ":" + std::to_string(np);
    out += "/" + std::string(StringAt(p, "protocol", "TCP"));
  }
  return out;
}

std::string ServiceExternalIp(const JsonValue& svc) {
  std::string_view type = StringAt(svc, "spec.type", "ClusterIP");
  if (type == "ExternalName") return std::string(StringAt(svc, "spec.externalName"));
  std::string out;
  if (const JsonValue* ips = Path(svc, "spec.externalIPs"); ips && ips->IsArray()) {
    for (const JsonValue& ip : ips->GetArray())
      out += (out.empty() ? "" : ",") + std::string(View(ip));
  }
  if (type == "LoadBalancer") {
    if (const JsonValue* ing = Path(svc, "status.loadBalancer.ingress"); ing && ing->IsArray()) {
      for (const JsonValue& i : ing->GetArray()) {
        std::string_view v = StringAt(i, "ip");
        if (v.empty()) v = StringAt(i, "hostname");
        if (!v.empty()) out += (out.empty() ? "" : ",") + std::string(v);
      }
    }
    if (out.empty()) return "<pending>";
  }
  return OrNone(out);
}

void ServiceRow(const JsonValue& svc, Clock::time_point now, std::vector<std::string>* cells) {
  cells->push_back(NameCell(svc));
  cells->push_back(StringCell(StringAt(svc, "spec.type", "ClusterIP")));
  cells->push_back(StringCell(OrNone(StringAt(svc, "spec.clusterIP"))));
  cells->push_back(StringCell(ServiceExternalIp(svc)));
  cells->push_back(StringCell(ServicePorts(svc)));
  cells->push_back(StringCell(AgeOf(svc, now)));
  cells->push_back(StringCell(OrNone(JoinMap(Path(svc, "spec.selector")))));
}

std::string EndpointList(const JsonValue& ep) {
  const JsonValue* subsets = Path(ep, "subsets");
  if (subsets == nullptr || !subsets->IsArray()) return "<none>";
  std::vector<std::string> all;
  for (const JsonValue& s : subsets->GetArray()) {
    const JsonValue* addrs = Member(s, "addresses");
    const JsonValue* ports = Member(s, "ports");
    if (addrs == nullptr || !addrs->IsArray()) continue;
    for (const JsonValue& a : addrs->GetArray()) {
      std::string ip(StringAt(a, "ip"));
      if (ports == nullptr || !ports->IsArray() || ports->Empty()) {
        all.push_back(ip);
        continue;
      }
      for (const JsonValue& p : ports->GetArray()) {
        all.push_back(ip + ":" + std::to_string(IntAt(p, "port").value_or(0)));
      }
    }
  }
  if (all.empty()) return "<none>";
  std::string out;
  for (size_t i = 0; i < all.size() && i < 3; ++i) out += (i ? "," : "") + all[i];
  if (all.size() > 3) out += " + " + std::to_string(all.size() - 3) + " more...";
  return out;
}

// Events come as core/v1 or events.k8s.io/v1 objects: the first present of
// two field names.
std::string_view Either(const JsonValue& ev, std::string_view core, std::string_view v1) {
  std::string_view a = StringAt(ev, core);
  return a.empty() ? StringAt(ev, v1) : a;
}

int64_t EventCount(const JsonValue& ev) {
  return IntAt(ev, "count").value_or(IntAt(ev, "deprecatedCount").value_or(0));
}

std::string LastSeen(const JsonValue& ev, Clock::time_point now) {
  std::string_view last = Either(ev, "lastTimestamp", "deprecatedLastTimestamp");
  if (last.empty()) last = StringAt(ev, "eventTime");
  if (last.empty()) last = StringAt(ev, "metadata.creationTimestamp");
  std::string out = AgeSince(last, now);
  int64_t count = EventCount(ev);
  std::string_view first = Either(ev, "firstTimestamp", "deprecatedFirstTimestamp");
  if (count > 1 && !first.empty()) {
    out += " (x" + std::to_string(count) + " over " + AgeSince(first, now) + ")";
  }
  return out;
}

void EventRow(const JsonValue& ev, Clock::time_point now, std::vector<std::string>* cells) {
  std::string kind(Either(ev, "involvedObject.kind", "regarding.kind"));
  std::transform(kind.begin(), kind.end(), kind.begin(), ::tolower);
  std::string source(Either(ev, "source.component", "deprecatedSource.component"));
  if (source.empty()) source = Either(ev, "reportingComponent", "reportingController");
  std::string_view host = Either(ev, "source.host", "deprecatedSource.host");
  if (!host.empty()) source += ", " + std::string(host);
  std::string_view first = Either(ev, "firstTimestamp", "deprecatedFirstTimestamp");
  if (first.empty()) first = StringAt(ev, "eventTime");
  cells->push_back(StringCell(LastSeen(ev, now)));
  cells->push_back(StringCell(StringAt(ev, "type")));
  cells->push_back(StringCell(StringAt(ev, "reason")));
  cells->push_back(
      StringCell(kind + "/" + std::string(Either(ev, "involvedObject.name", "regarding.name"))));
  cells->push_back(StringCell(Either(ev, "involvedObject.fieldPath", "regarding.fieldPath")));
  cells->push_back(StringCell(source));
  cells->push_back(StringCell(Either(ev, "message", "note")));
  cells->push_back(StringCell(AgeSince(first, now)));
  cells->push_back(IntCell(EventCount(ev) == 0 ? 1 : EventCount(ev)));
  cells->push_back(NameCell(ev));
}

std::string QuotaUsage(const JsonValue& quota, bool limits) {
  const JsonValue* hard = Path(quota, "status.hard");
  if (hard == nullptr || !hard->IsObject()) hard = Path(quota, "spec.hard");
  if (hard == nullptr || !hard->IsObject()) return "";
  const JsonValue* used = Path(quota, "status.used");
  std::map<std::string, std::string> sorted;
  for (const auto& m : hard->GetObject()) {
    std::string k(View(m.name));
    if ((k.rfind("limits.", 0) == 0) != limits) continue;
    std::string u = "0";
    if (used != nullptr && Member(*used, k) != nullptr) u = View(*Member(*used, k));
    sorted[k] = u + "/" + std::string(View(m.value));
  }
  std::string out;
  for (const auto& [k, v] : sorted) out += (out.empty() ? "" : ", ") + k + ": " + v;
  return out;
}

}  // namespace

void UseNamespaceTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Status", "The phase of the namespace.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "status.phase")));
                 });
}

void UseConfigMapTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Data", "Number of keys in data and binaryData.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(IntCell(MemberCount(o, "data") + MemberCount(o, "binaryData")));
                 });
}

void UseSecretTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Type", "The type of the secret."),
                  Col("Data", "Number of keys in data.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "type")));
                   c->push_back(IntCell(MemberCount(o, "data")));
                 });
}

void UseServiceAccountTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Secrets", "Number of secrets listed.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(IntCell(MemberCount(o, "secrets")));
                 });
}

void UseEventTable(ResourceInfo& info) {
  info.columns = {Col("Last Seen", "When the event last happened."),
                  Col("Type", "Normal or Warning."),
                  Col("Reason", "Why the event happened, in one word."),
                  Col("Object", "The object the event is about."),
                  Col("Subobject", "The part of the object the event is about.", 1),
                  Col("Source", "The component that reported the event.", 1),
                  Col("Message", "What happened."),
                  Col("First Seen", "When the event first happened.", 1),
                  Col("Count", "How often the event happened.", 1, "integer"),
                  {"Name", "string", "name", "The event's name.", 1}};
  info.row = EventRow;
}

void UseNodeTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Status", "Whether the node is ready for pods."),
                  Col("Roles", "The node's roles, from its node-role labels."),
                  AgeColumn(),
                  Col("Version", "The kubelet version."),
                  Col("Internal-IP", "The node's internal address.", 1),
                  Col("External-IP", "The node's external address.", 1),
                  Col("OS-Image", "The operating system image.", 1),
                  Col("Kernel-Version", "The kernel version.", 1),
                  Col("Container-Runtime", "The container runtime and its version.", 1)};
  info.row = NodeRow;
}

void UsePodTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Ready", "Ready containers out of all containers."),
                  Col("Status", "The pod's state, summarised."),
                  Col("Restarts", "How often the containers restarted.", 0, "string"),
                  AgeColumn(),
                  Col("IP", "The pod's IP address.", 1),
                  Col("Node", "The node the pod runs on.", 1),
                  Col("Nominated Node", "The node preemption nominated for the pod.", 1),
                  Col("Readiness Gates", "Readiness gates that passed.", 1)};
  info.row = PodRow;
}

void UseServiceTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Type", "How the service is exposed."),
                  Col("Cluster-IP", "The service's virtual IP inside the cluster."),
                  Col("External-IP", "Addresses the service is reachable at from outside."),
                  Col("Port(s)", "The service's ports."),
                  AgeColumn(),
                  Col("Selector", "The labels of the pods behind the service.", 1)};
  info.row = ServiceRow;
}

void UseEndpointsTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Endpoints", "The addresses behind the service.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(EndpointList(o)));
                 });
}

void UseResourceQuotaTable(ResourceInfo& info) {
  info.columns = {NameColumn(), AgeColumn(), Col("Request", "Used and hard request quotas."),
                  Col("Limit", "Used and hard limit quotas.")};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(AgeOf(o, now)));
    c->push_back(StringCell(QuotaUsage(o, false)));
    c->push_back(StringCell(QuotaUsage(o, true)));
  };
}

void UseLeaseTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Holder", "Who holds the lease.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "spec.holderIdentity")));
                 });
}

}  // namespace ekslite::apiserver
