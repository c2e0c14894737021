#include "apiserver/resources/pod_spec.h"

#include <algorithm>
#include <vector>

#include "apiserver/resources/defaulting.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

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

void ValidateContainers(const JsonValue& spec, const api::FieldPath& spec_path, const char* list,
                        bool required, api::ErrorList* errors) {
  api::FieldPath path = spec_path.Child(list);
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

void DefaultPodSpec(JsonValue& spec, JsonAllocator& a) {
  DefaultString(spec, "restartPolicy", "Always", a);
  DefaultString(spec, "dnsPolicy", "ClusterFirst", a);
  DefaultString(spec, "schedulerName", "default-scheduler", a);
  DefaultInt(spec, "terminationGracePeriodSeconds", 30, a);
  EnsureObject(spec, "securityContext", a);
  bool host_network = BoolAt(spec, "hostNetwork");
  DefaultContainers(Member(spec, "containers"), host_network, a);
  DefaultContainers(Member(spec, "initContainers"), host_network, a);
  DefaultVolumes(Member(spec, "volumes"), a);
}

void DefaultPodOnlyFields(JsonValue& spec, JsonAllocator& a) {
  DefaultBool(spec, "enableServiceLinks", true, a);
  DefaultInt(spec, "priority", 0, a);
  DefaultString(spec, "preemptionPolicy", "PreemptLowerPriority", a);
}

void DefaultPodTemplate(JsonValue& pod_template, JsonAllocator& a) {
  if (!pod_template.IsObject()) return;
  DefaultPodSpec(EnsureObject(pod_template, "spec", a), a);
}

void ValidatePodSpec(const JsonValue& spec, const api::FieldPath& path, api::ErrorList* errors) {
  ValidateContainers(spec, path, "containers", true, errors);
  ValidateContainers(spec, path, "initContainers", false, errors);
  std::string_view policy = StringAt(spec, "restartPolicy");
  if (policy != "Always" && policy != "OnFailure" && policy != "Never") {
    errors->Add(api::NotSupported(path.Child("restartPolicy"), api::BadValue::String(policy),
                                  {"Always", "OnFailure", "Never"}));
  }
}

void ValidatePodTemplate(const JsonValue* pod_template, const api::FieldPath& path,
                         api::ErrorList* errors) {
  const JsonValue& t =
      pod_template != nullptr && pod_template->IsObject() ? *pod_template : EmptyJsonObject();
  api::FieldPath meta = path.Child("metadata");
  if (const JsonValue* l = Path(t, "metadata.labels"); l != nullptr && l->IsObject()) {
    api::ValidateLabels(*l, meta.Child("labels"), errors);
  }
  if (const JsonValue* an = Path(t, "metadata.annotations"); an != nullptr && an->IsObject()) {
    api::ValidateAnnotations(*an, meta.Child("annotations"), errors);
  }
  ValidatePodSpec(ObjectAt(t, "spec"), path.Child("spec"), errors);
}

}  // namespace ekslite::apiserver
