#include "apiserver/resources/strategies.h"
#include "core/api/field_errors.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

void DefaultString(JsonValue& obj, std::string_view name, std::string_view value,
                   JsonAllocator& a) {
  if (StringAt(obj, name).empty()) SetString(obj, name, value, a);
}

void DefaultInt(JsonValue& obj, std::string_view name, int64_t value, JsonAllocator& a) {
  if (Member(obj, name) == nullptr) SetInt(obj, name, value, a);
}

// Always for images tagged :latest or untagged (without a digest), else
// IfNotPresent.
std::string_view PullPolicyFor(std::string_view image) {
  if (image.find('@') != std::string_view::npos) return "IfNotPresent";
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  bool tagged =
      colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash);
  if (!tagged || image.substr(colon + 1) == "latest") return "Always";
  return "IfNotPresent";
}

void DefaultContainers(JsonValue* containers, bool host_network, JsonAllocator& a) {
  if (containers == nullptr || !containers->IsArray()) return;
  for (JsonValue& c : containers->GetArray()) {
    if (!c.IsObject()) continue;
    DefaultString(c, "terminationMessagePath", "/dev/termination-log", a);
    DefaultString(c, "terminationMessagePolicy", "File", a);
    DefaultString(c, "imagePullPolicy", PullPolicyFor(StringAt(c, "image")), a);
    EnsureObject(c, "resources", a);
    if (JsonValue* ports = Member(c, "ports"); ports != nullptr && ports->IsArray()) {
      for (JsonValue& p : ports->GetArray()) {
        if (!p.IsObject()) continue;
        DefaultString(p, "protocol", "TCP", a);
        if (host_network && Member(p, "containerPort") != nullptr) {
          DefaultInt(p, "hostPort", IntAt(p, "containerPort").value_or(0), a);
        }
      }
    }
  }
}

// Projected, secret, configMap and downwardAPI volumes default to mode 0644.
void DefaultVolumes(JsonValue* volumes, JsonAllocator& a) {
  if (volumes == nullptr || !volumes->IsArray()) return;
  for (JsonValue& v : volumes->GetArray()) {
    if (!v.IsObject()) continue;
    for (const char* source : {"secret", "configMap", "downwardAPI", "projected"}) {
      if (JsonValue* s = Member(v, source); s != nullptr && s->IsObject()) {
        DefaultInt(*s, "defaultMode", 0644, a);
      }
    }
    if (JsonValue* hp = Member(v, "hostPath"); hp != nullptr && hp->IsObject()) {
      if (Member(*hp, "type") == nullptr) SetString(*hp, "type", "", a);
    }
  }
}

void DefaultPodSpec(JsonValue& spec, JsonAllocator& a) {
  DefaultString(spec, "restartPolicy", "Always", a);
  DefaultString(spec, "dnsPolicy", "ClusterFirst", a);
  DefaultString(spec, "schedulerName", "default-scheduler", a);
  DefaultInt(spec, "terminationGracePeriodSeconds", 30, a);
  EnsureObject(spec, "securityContext", a);
  if (Member(spec, "enableServiceLinks") == nullptr)
    SetMember(spec, "enableServiceLinks", JsonValue(true), a);
  DefaultInt(spec, "priority", 0, a);
  DefaultString(spec, "preemptionPolicy", "PreemptLowerPriority", a);
  const JsonValue* hn = Member(spec, "hostNetwork");
  bool host_network = hn != nullptr && hn->IsBool() && hn->GetBool();
  DefaultContainers(Member(spec, "containers"), host_network, a);
  DefaultContainers(Member(spec, "initContainers"), host_network, a);
  DefaultVolumes(Member(spec, "volumes"), a);
}

bool HasResources(const JsonValue& c, std::string_view kind) {
  const JsonValue* r = Path(c, kind == "requests" ? "resources.requests" : "resources.limits");
  return r != nullptr && r->IsObject() && !r->ObjectEmpty();
}

// Upstream's QoS classes: BestEffort without any requests or limits,
// Guaranteed when every container limits cpu and memory with requests equal
// to limits, Burstable otherwise.
std::string_view QosClass(const JsonValue& spec) {
  bool any = false, guaranteed = true;
  for (const char* list : {"containers", "initContainers"}) {
    const JsonValue* cs = Member(spec, list);
    if (cs == nullptr || !cs->IsArray()) continue;
    for (const JsonValue& c : cs->GetArray()) {
      if (HasResources(c, "requests") || HasResources(c, "limits")) any = true;
      const JsonValue* limits = Path(c, "resources.limits");
      const JsonValue* requests = Path(c, "resources.requests");
      for (const char* res : {"cpu", "memory"}) {
        const JsonValue* l = limits ? Member(*limits, res) : nullptr;
        const JsonValue* r = requests ? Member(*requests, res) : nullptr;
        if (l == nullptr || (r != nullptr && !(*r == *l))) guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

void ValidateContainers(const JsonValue& spec, const char* list, bool required,
                        api::ErrorList* errors) {
  api::FieldPath path = api::FieldPath("spec").Child(list);
  const JsonValue* cs = Member(spec, list);
  if (cs == nullptr || !cs->IsArray() || cs->Empty()) {
    if (required) errors->Add(api::Required(path, ""));
    return;
  }
  std::vector<std::string_view> names;
  for (rapidjson::SizeType i = 0; i < cs->Size(); ++i) {
    const JsonValue& c = (*cs)[i];
    api::FieldPath at = path.Index(i);
    std::string_view name = StringAt(c, "name");
    if (name.empty()) {
      errors->Add(api::Required(at.Child("name"), ""));
    } else {
      for (const std::string& p : api::IsDns1123Label(name)) {
        errors->Add(api::Invalid(at.Child("name"), name, p));
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        errors->Add(api::Duplicate(at.Child("name"), api::BadValue::String(name)));
      }
      names.push_back(name);
    }
    if (StringAt(c, "image").empty()) errors->Add(api::Required(at.Child("image"), ""));
  }
}

}  // namespace

Strategy PodStrategy() {
  Strategy s;
  s.prepare_for_create = [](Json& pod, const WriteContext&) -> Status {
    JsonAllocator& a = pod.GetAllocator();
    JsonValue& spec = EnsureObject(pod, "spec", a);
    DefaultPodSpec(spec, a);
    RemoveMember(pod, "status");
    JsonValue& status = EnsureObject(pod, "status", a);
    SetString(status, "phase", "Pending", a);
    SetString(status, "qosClass", QosClass(spec), a);
    return Status::Ok();
  };
  s.prepare_for_update = [](Json& pod, const JsonValue&, const WriteContext&) -> Status {
    JsonValue& spec = EnsureObject(pod, "spec", pod.GetAllocator());
    DefaultPodSpec(spec, pod.GetAllocator());
    return Status::Ok();
  };
  s.validate = [](const JsonValue& pod, const JsonValue*) -> Status {
    api::ErrorList errors;
    const JsonValue* spec = Member(pod, "spec");
    if (spec == nullptr || !spec->IsObject()) {
      errors.Add(api::Required(api::FieldPath("spec"), ""));
    } else {
      ValidateContainers(*spec, "containers", true, &errors);
      ValidateContainers(*spec, "initContainers", false, &errors);
      std::string_view policy = StringAt(*spec, "restartPolicy");
      if (policy != "Always" && policy != "OnFailure" && policy != "Never") {
        errors.Add(api::NotSupported(api::FieldPath("spec").Child("restartPolicy"),
                                     api::BadValue::String(policy),
                                     {"Always", "OnFailure", "Never"}));
      }
    }
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus("Pod", "", StringAt(pod, "metadata.name"), errors);
  };
  // A pod bound to a node terminates gracefully: the kubelet stops it and
  // then deletes it with a zero grace period.
  s.begin_delete = [](Json& pod, std::optional<int64_t> grace, const WriteContext&) {
    if (StringAt(pod, "spec.nodeName").empty()) return false;
    int64_t seconds = grace.value_or(IntAt(pod, "spec.terminationGracePeriodSeconds").value_or(30));
    if (seconds <= 0) return false;
    SetInt(pod["metadata"], "deletionGracePeriodSeconds", seconds, pod.GetAllocator());
    return true;
  };
  s.holds_deletion = [](const JsonValue& pod) {
    return IntAt(pod, "metadata.deletionGracePeriodSeconds").value_or(0) > 0;
  };
  return s;
}

}  // namespace ekslite::apiserver
