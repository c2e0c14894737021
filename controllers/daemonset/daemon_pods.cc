#include "controllers/daemonset/daemon_pods.h"

#include <cstdlib>

#include "controllers/common/controller_ref.h"
#include "core/api/taints.h"

namespace ekslite::controllers::daemonset {
namespace {

std::string_view NodeLabel(const JsonValue& node, std::string_view key) {
  const JsonValue* labels = Path(node, "metadata.labels");
  const JsonValue* v = labels != nullptr && labels->IsObject() ? Member(*labels, key) : nullptr;
  return v != nullptr && v->IsString() ? View(*v) : std::string_view();
}

bool HasNodeLabel(const JsonValue& node, std::string_view key) {
  const JsonValue* labels = Path(node, "metadata.labels");
  return labels != nullptr && labels->IsObject() && Member(*labels, key) != nullptr;
}

bool InValues(const JsonValue& requirement, std::string_view value) {
  const JsonValue* values = Member(requirement, "values");
  if (values == nullptr || !values->IsArray()) return false;
  for (const JsonValue& v : values->GetArray()) {
    if (View(v) == value) return true;
  }
  return false;
}

// One node selector requirement against a label (or field) value.
bool RequirementMatches(const JsonValue& r, bool present, std::string_view value) {
  std::string_view op = StringAt(r, "operator");
  if (op == "In") return present && InValues(r, value);
  if (op == "NotIn") return !present || !InValues(r, value);
  if (op == "Exists") return present;
  if (op == "DoesNotExist") return !present;
  if (op == "Gt" || op == "Lt") {
    const JsonValue* values = Member(r, "values");
    if (!present || values == nullptr || !values->IsArray() || values->Empty()) return false;
    long long have = std::atoll(std::string(value).c_str());
    long long bound = std::atoll(std::string(View((*values)[0])).c_str());
    return op == "Gt" ? have > bound : have < bound;
  }
  return false;
}

bool TermMatches(const JsonValue& term, const JsonValue& node) {
  if (const JsonValue* exprs = Member(term, "matchExpressions"); exprs && exprs->IsArray()) {
    for (const JsonValue& r : exprs->GetArray()) {
      std::string_view key = StringAt(r, "key");
      if (!RequirementMatches(r, HasNodeLabel(node, key), NodeLabel(node, key))) return false;
    }
  }
  if (const JsonValue* fields = Member(term, "matchFields"); fields && fields->IsArray()) {
    for (const JsonValue& r : fields->GetArray()) {
      if (StringAt(r, "key") != "metadata.name") return false;
      if (!RequirementMatches(r, true, StringAt(node, "metadata.name"))) return false;
    }
  }
  return true;
}

JsonValue Toleration(std::string_view key, std::string_view effect, JsonAllocator& a) {
  JsonValue t(rapidjson::kObjectType);
  t.AddMember("key", MakeString(key, a), a);
  t.AddMember("operator", "Exists", a);
  t.AddMember("effect", MakeString(effect, a), a);
  return t;
}

}  // namespace

bool ShouldRunOnNode(const JsonValue& pod_spec, const JsonValue& node) {
  if (const JsonValue* selector = Member(pod_spec, "nodeSelector");
      selector && selector->IsObject()) {
    for (const auto& m : selector->GetObject()) {
      if (!HasNodeLabel(node, View(m.name)) || NodeLabel(node, View(m.name)) != View(m.value)) {
        return false;
      }
    }
  }
  const JsonValue* terms =
      Path(pod_spec,
           "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
           "nodeSelectorTerms");
  if (terms != nullptr && terms->IsArray() && !terms->Empty()) {
    bool any = false;
    for (const JsonValue& term : terms->GetArray()) any = any || TermMatches(term, node);
    if (!any) return false;
  }
  const JsonValue* taints = Path(node, "spec.taints");
  if (taints != nullptr && taints->IsArray()) {
    const JsonValue* tolerations = Member(pod_spec, "tolerations");
    for (const JsonValue& taint : taints->GetArray()) {
      std::string_view effect = StringAt(taint, "effect");
      if (effect != "NoSchedule" && effect != "NoExecute") continue;
      if (!api::TaintTolerated(tolerations, taint)) return false;
    }
  }
  return true;
}

Json DaemonPodSpec(const JsonValue& daemonset) {
  Json spec(rapidjson::kObjectType);
  JsonAllocator& a = spec.GetAllocator();
  if (const JsonValue* s = Path(daemonset, "spec.template.spec"); s != nullptr && s->IsObject()) {
    spec.CopyFrom(*s, a);
  }
  JsonValue* list = Member(spec, "tolerations");
  if (list == nullptr || !list->IsArray()) {
    SetMember(spec, "tolerations", JsonValue(rapidjson::kArrayType), a);
    list = Member(spec, "tolerations");
  }
  struct Auto {
    const char* key;
    const char* effect;
  };
  std::vector<Auto> add = {{"node.kubernetes.io/not-ready", "NoExecute"},
                           {"node.kubernetes.io/unreachable", "NoExecute"},
                           {"node.kubernetes.io/disk-pressure", "NoSchedule"},
                           {"node.kubernetes.io/memory-pressure", "NoSchedule"},
                           {"node.kubernetes.io/pid-pressure", "NoSchedule"},
                           {"node.kubernetes.io/unschedulable", "NoSchedule"}};
  const JsonValue* host_network = Member(spec, "hostNetwork");
  if (host_network != nullptr && host_network->IsBool() && host_network->GetBool()) {
    add.push_back({"node.kubernetes.io/network-unavailable", "NoSchedule"});
  }
  for (const Auto& t : add) {
    bool present = false;
    for (const JsonValue& have : list->GetArray()) {
      present =
          present || (StringAt(have, "key") == t.key && StringAt(have, "effect") == t.effect &&
                      StringAt(have, "operator") == "Exists");
    }
    if (!present) list->PushBack(Toleration(t.key, t.effect, a), a);
  }
  return spec;
}

std::string NodeOfPod(const JsonValue& pod) {
  std::string_view node = StringAt(pod, "spec.nodeName");
  if (!node.empty()) return std::string(node);
  const JsonValue* terms =
      Path(pod,
           "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
           "nodeSelectorTerms");
  if (terms == nullptr || !terms->IsArray()) return "";
  for (const JsonValue& term : terms->GetArray()) {
    const JsonValue* fields = Member(term, "matchFields");
    if (fields == nullptr || !fields->IsArray()) continue;
    for (const JsonValue& r : fields->GetArray()) {
      const JsonValue* values = Member(r, "values");
      if (StringAt(r, "key") == "metadata.name" && StringAt(r, "operator") == "In" && values &&
          values->IsArray() && values->Size() == 1) {
        return std::string(View((*values)[0]));
      }
    }
  }
  return "";
}

Json PodForNode(const JsonValue& daemonset, const JsonValue& daemon_spec, std::string_view node,
                std::string_view revision_hash) {
  Json pod(rapidjson::kObjectType);
  JsonAllocator& a = pod.GetAllocator();
  SetString(pod, "apiVersion", "v1", a);
  SetString(pod, "kind", "Pod", a);
  JsonValue& meta = EnsureObject(pod, "metadata", a);
  SetString(meta, "generateName", std::string(StringAt(daemonset, "metadata.name")) + "-", a);
  SetString(meta, "namespace", StringAt(daemonset, "metadata.namespace"), a);
  for (const char* m : {"labels", "annotations"}) {
    const JsonValue* from = Path(daemonset, std::string("spec.template.metadata.") + m);
    if (from != nullptr && from->IsObject()) SetMember(meta, m, JsonValue(*from, a), a);
  }
  JsonValue& labels = EnsureObject(meta, "labels", a);
  SetString(labels, "controller-revision-hash", revision_hash, a);
  SetString(labels, "pod-template-generation",
            std::to_string(IntAt(daemonset, "metadata.generation").value_or(1)), a);
  AddOwnerRef(pod, MakeControllerRef(daemonset, "apps/v1", "DaemonSet"), a);
  SetMember(pod, "spec", JsonValue(daemon_spec, a), a);
  // Pin the pod to its node: one term, on the node's name.
  JsonValue values(rapidjson::kArrayType);
  values.PushBack(MakeString(node, a), a);
  JsonValue requirement(rapidjson::kObjectType);
  requirement.AddMember("key", "metadata.name", a);
  requirement.AddMember("operator", "In", a);
  requirement.AddMember("values", std::move(values), a);
  JsonValue fields(rapidjson::kArrayType);
  fields.PushBack(std::move(requirement), a);
  JsonValue term(rapidjson::kObjectType);
  term.AddMember("matchFields", std::move(fields), a);
  JsonValue terms(rapidjson::kArrayType);
  terms.PushBack(std::move(term), a);
  JsonValue& affinity = EnsureObject(EnsureObject(pod["spec"], "affinity", a), "nodeAffinity", a);
  JsonValue& required = EnsureObject(affinity, "requiredDuringSchedulingIgnoredDuringExecution", a);
  SetMember(required, "nodeSelectorTerms", std::move(terms), a);
  return pod;
}

}  // namespace ekslite::controllers::daemonset
