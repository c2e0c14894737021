#include "scheduler/pod_info.h"

#include <algorithm>

namespace ekslite::scheduler {
namespace {

// Requests of one container, and the same with the scoring defaults for
// cpu and memory when unset.
struct ContainerRequests {
  Resource actual;
  Resource non_zero;
};

ContainerRequests RequestsOf(const JsonValue& container) {
  const JsonValue* requests = Path(container, "resources.requests");
  ContainerRequests r;
  r.actual = ResourceFromList(requests);
  r.non_zero.milli_cpu = r.actual.milli_cpu;
  r.non_zero.memory = r.actual.memory;
  if (requests == nullptr || Member(*requests, "cpu") == nullptr) {
    r.non_zero.milli_cpu = kDefaultMilliCpuRequest;
  }
  if (requests == nullptr || Member(*requests, "memory") == nullptr) {
    r.non_zero.memory = kDefaultMemoryRequest;
  }
  return r;
}

// Upstream's pod request rule: the sum of the app containers and sidecars
// (restartable init containers), or the largest need of any init step
// (an init container plus the sidecars started before it), whichever is
// larger; then the pod overhead.
void ComputeRequests(const JsonValue& spec, PodInfo& info) {
  Resource sum, sum_nz;
  if (const JsonValue* cs = Member(spec, "containers"); cs != nullptr && cs->IsArray()) {
    for (const JsonValue& c : cs->GetArray()) {
      ContainerRequests r = RequestsOf(c);
      sum.Add(r.actual);
      sum_nz.Add(r.non_zero);
    }
  }
  Resource init_max, init_max_nz, sidecars, sidecars_nz;
  if (const JsonValue* cs = Member(spec, "initContainers"); cs != nullptr && cs->IsArray()) {
    for (const JsonValue& c : cs->GetArray()) {
      ContainerRequests r = RequestsOf(c);
      if (StringAt(c, "restartPolicy") == "Always") {
        sum.Add(r.actual);
        sum_nz.Add(r.non_zero);
        sidecars.Add(r.actual);
        sidecars_nz.Add(r.non_zero);
        init_max.SetMax(sidecars);
        init_max_nz.SetMax(sidecars_nz);
      } else {
        r.actual.Add(sidecars);
        r.non_zero.Add(sidecars_nz);
        init_max.SetMax(r.actual);
        init_max_nz.SetMax(r.non_zero);
      }
    }
  }
  sum.SetMax(init_max);
  sum_nz.SetMax(init_max_nz);
  Resource overhead = ResourceFromList(Member(spec, "overhead"));
  sum.Add(overhead);
  sum_nz.Add(overhead);
  sum.pods = 0;
  info.requests = std::move(sum);
  info.non_zero_milli_cpu = sum_nz.milli_cpu;
  info.non_zero_memory = sum_nz.memory;
}

void ReadHostPorts(const JsonValue& spec, PodInfo& info) {
  for (std::string_view list : {"initContainers", "containers"}) {
    const JsonValue* cs = Member(spec, list);
    if (cs == nullptr || !cs->IsArray()) continue;
    for (const JsonValue& c : cs->GetArray()) {
      const JsonValue* ports = Member(c, "ports");
      if (ports == nullptr || !ports->IsArray()) continue;
      for (const JsonValue& p : ports->GetArray()) {
        int64_t host_port = IntAt(p, "hostPort").value_or(0);
        if (host_port <= 0) continue;
        HostPort hp{std::string(StringAt(p, "protocol", "TCP")),
                    std::string(StringAt(p, "hostIP", "0.0.0.0")), host_port};
        if (hp.protocol.empty()) hp.protocol = "TCP";
        if (hp.host_ip.empty()) hp.host_ip = "0.0.0.0";
        info.host_ports.push_back(std::move(hp));
      }
    }
  }
}

// A selector plus `key in (value)` for each of `keys` the pod has
// (matchLabelKeys).
api::LabelSelector WithLabelKeys(api::LabelSelector selector, const JsonValue* keys,
                                 const Labels& labels) {
  if (keys == nullptr || !keys->IsArray() || keys->Empty() || selector.IsNothing()) {
    return selector;
  }
  std::vector<api::LabelRequirement> reqs = selector.requirements();
  for (const JsonValue& k : keys->GetArray()) {
    auto it = labels.find(std::string(View(k)));
    if (it == labels.end()) continue;
    reqs.push_back(api::LabelRequirement{it->first, api::LabelOperator::kIn, {it->second}});
  }
  return api::LabelSelector(std::move(reqs));
}

api::LabelSelector SelectorOrNothing(const JsonValue* selector) {
  if (selector == nullptr) return api::LabelSelector::Nothing();
  StatusOr<api::LabelSelector> s = api::LabelSelectorFromJson(selector);
  return s.ok() ? std::move(*s) : api::LabelSelector::Nothing();
}

AffinityTerm TermFromJson(const JsonValue& term, const std::string& pod_ns) {
  AffinityTerm t;
  t.selector = SelectorOrNothing(Member(term, "labelSelector"));
  t.topology_key = std::string(StringAt(term, "topologyKey"));
  if (const JsonValue* nss = Member(term, "namespaces"); nss != nullptr && nss->IsArray()) {
    for (const JsonValue& n : nss->GetArray()) t.namespaces.emplace(View(n));
  }
  const JsonValue* ns_selector = Member(term, "namespaceSelector");
  if (ns_selector != nullptr && !ns_selector->IsNull()) {
    StatusOr<api::LabelSelector> s = api::LabelSelectorFromJson(ns_selector);
    if (s.ok()) t.namespace_selector = std::move(*s);
  }
  // No namespaces and no namespace selector: the pod's own namespace.
  if (t.namespaces.empty() && !t.namespace_selector) t.namespaces.insert(pod_ns);
  return t;
}

void ReadPodAffinity(const JsonValue* affinity, const std::string& ns,
                     std::vector<AffinityTerm>& required, std::vector<AffinityTerm>& preferred) {
  if (affinity == nullptr) return;
  const JsonValue* req = Member(*affinity, "requiredDuringSchedulingIgnoredDuringExecution");
  if (req != nullptr && req->IsArray()) {
    for (const JsonValue& t : req->GetArray()) required.push_back(TermFromJson(t, ns));
  }
  const JsonValue* pref = Member(*affinity, "preferredDuringSchedulingIgnoredDuringExecution");
  if (pref != nullptr && pref->IsArray()) {
    for (const JsonValue& w : pref->GetArray()) {
      const JsonValue* term = Member(w, "podAffinityTerm");
      if (term == nullptr) continue;
      AffinityTerm t = TermFromJson(*term, ns);
      t.weight = IntAt(w, "weight").value_or(0);
      preferred.push_back(std::move(t));
    }
  }
}

void ReadSpread(const JsonValue& spec, PodInfo& info) {
  const JsonValue* list = Member(spec, "topologySpreadConstraints");
  if (list == nullptr || !list->IsArray()) return;
  for (const JsonValue& c : list->GetArray()) {
    SpreadConstraint s;
    s.max_skew = IntAt(c, "maxSkew").value_or(1);
    s.topology_key = std::string(StringAt(c, "topologyKey"));
    s.do_not_schedule = StringAt(c, "whenUnsatisfiable", "DoNotSchedule") != "ScheduleAnyway";
    s.selector = WithLabelKeys(SelectorOrNothing(Member(c, "labelSelector")),
                               Member(c, "matchLabelKeys"), info.labels);
    s.min_domains = IntAt(c, "minDomains").value_or(1);
    s.honor_node_affinity = StringAt(c, "nodeAffinityPolicy", "Honor") == "Honor";
    s.honor_node_taints = StringAt(c, "nodeTaintsPolicy", "Ignore") == "Honor";
    info.spread_constraints.push_back(std::move(s));
  }
}

void ReadNodeAffinity(const JsonValue& spec, PodInfo& info) {
  info.node_selector = LabelsFromJson(Member(spec, "nodeSelector"));
  const JsonValue* na = Path(spec, "affinity.nodeAffinity");
  if (na == nullptr) return;
  const JsonValue* req = Member(*na, "requiredDuringSchedulingIgnoredDuringExecution");
  if (req != nullptr && req->IsObject()) {
    info.has_required_node_affinity = true;
    info.required_node_affinity = NodeSelectorTermsFromJson(req);
  }
  info.preferred_node_affinity =
      PreferredTermsFromJson(Member(*na, "preferredDuringSchedulingIgnoredDuringExecution"));
}

}  // namespace

bool AffinityTerm::Matches(const PodInfo& pod, const Labels* ns_labels) const {
  bool ns_ok = namespaces.count(pod.ns) > 0;
  if (!ns_ok && namespace_selector) {
    ns_ok = namespace_selector->Empty() ||
            (ns_labels != nullptr && namespace_selector->Matches(*ns_labels));
  }
  if (!ns_ok) return false;
  return selector.Matches(pod.labels);
}

bool PodInfo::MatchesNodeSelectorAndAffinity(const Labels& node_labels,
                                             const std::string& node) const {
  for (const auto& [k, v] : node_selector) {
    auto it = node_labels.find(k);
    if (it == node_labels.end() || it->second != v) return false;
  }
  if (has_required_node_affinity && !AnyTermMatches(required_node_affinity, node_labels, node)) {
    return false;
  }
  return true;
}

PodInfoPtr NewPodInfo(client::ObjectPtr pod) {
  auto info = std::make_shared<PodInfo>();
  const JsonValue& p = *pod;
  info->ns = std::string(StringAt(p, "metadata.namespace"));
  info->name = std::string(StringAt(p, "metadata.name"));
  info->key = info->ns + "/" + info->name;
  info->uid = std::string(StringAt(p, "metadata.uid"));
  info->labels = LabelsFromJson(Path(p, "metadata.labels"));
  info->deleting = Path(p, "metadata.deletionTimestamp") != nullptr &&
                   !Path(p, "metadata.deletionTimestamp")->IsNull();
  if (const JsonValue* owners = Path(p, "metadata.ownerReferences");
      owners != nullptr && owners->IsArray() && !owners->Empty()) {
    info->owner_uid = std::string(StringAt((*owners)[0], "uid"));
  }
  std::string_view phase = StringAt(p, "status.phase");
  info->terminal = phase == "Succeeded" || phase == "Failed";
  info->nominated_node_name = std::string(StringAt(p, "status.nominatedNodeName"));
  std::string_view start = StringAt(p, "status.startTime");
  if (start.empty()) start = StringAt(p, "metadata.creationTimestamp");
  ParseRfc3339(start, &info->start_time);

  const JsonValue* spec = Member(p, "spec");
  static const JsonValue kEmpty(rapidjson::kObjectType);
  const JsonValue& s = spec != nullptr ? *spec : kEmpty;
  info->node_name = std::string(StringAt(s, "nodeName"));
  info->scheduler_name = std::string(StringAt(s, "schedulerName", kDefaultSchedulerName));
  info->priority = IntAt(s, "priority").value_or(0);
  info->preempt_never = StringAt(s, "preemptionPolicy") == "Never";
  const JsonValue* gates = Member(s, "schedulingGates");
  info->gated = gates != nullptr && gates->IsArray() && !gates->Empty();
  ComputeRequests(s, *info);
  ReadHostPorts(s, *info);
  info->tolerations = TolerationsFromJson(Member(s, "tolerations"));
  ReadNodeAffinity(s, *info);
  ReadPodAffinity(Path(s, "affinity.podAffinity"), info->ns, info->required_affinity,
                  info->preferred_affinity);
  ReadPodAffinity(Path(s, "affinity.podAntiAffinity"), info->ns, info->required_anti_affinity,
                  info->preferred_anti_affinity);
  ReadSpread(s, *info);
  info->object = std::move(pod);
  return info;
}

}  // namespace ekslite::scheduler
