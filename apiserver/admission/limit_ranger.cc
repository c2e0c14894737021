#include <algorithm>

#include "apiserver/admission/pod_plugins.h"
#include "apiserver/admission/stored_objects.h"
#include "core/api/quantity.h"

namespace ekslite::apiserver {
namespace {

// Sets `kind` (requests or limits) of `name` on a container that has none;
// true when it did.
bool DefaultResource(JsonValue& container, const char* kind, std::string_view name,
                     const JsonValue& value, JsonAllocator& a) {
  JsonValue& list = EnsureObject(EnsureObject(container, "resources", a), kind, a);
  if (Member(list, name) != nullptr) return false;
  SetMember(list, name, JsonValue(value, a), a);
  return true;
}

// Applies the defaults of `list` (may be null) as `kind` of `container`;
// returns the names set, sorted.
std::vector<std::string> DefaultAll(const JsonValue* list, const char* kind, JsonValue& container,
                                    JsonAllocator& a) {
  std::vector<std::string> set;
  if (list == nullptr || !list->IsObject()) return set;
  for (const auto& m : list->GetObject()) {
    if (DefaultResource(container, kind, View(m.name), m.value, a)) {
      set.emplace_back(View(m.name));
    }
  }
  std::sort(set.begin(), set.end());
  return set;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

// A Container item's defaults: limits from default (else max), requests
// from defaultRequest (else default, else min), as upstream defaults them.
// Appends what it set to `notes` ("cpu, memory request for container c").
void ApplyDefaults(const JsonValue& item, JsonValue& container, JsonAllocator& a,
                   std::vector<std::string>* notes) {
  const JsonValue* limits = Member(item, "default");
  if (limits == nullptr) limits = Member(item, "max");
  const JsonValue* requests = Member(item, "defaultRequest");
  if (requests == nullptr) requests = Member(item, "default");
  if (requests == nullptr) requests = Member(item, "min");
  std::string name(StringAt(container, "name"));
  std::vector<std::string> set_requests = DefaultAll(requests, "requests", container, a);
  std::vector<std::string> set_limits = DefaultAll(limits, "limits", container, a);
  if (!set_requests.empty()) {
    notes->push_back(Join(set_requests, ", ") + " request for container " + name);
  }
  if (!set_limits.empty())
    notes->push_back(Join(set_limits, ", ") + " limit for container " + name);
}

std::optional<int64_t> Milli(const JsonValue* v) {
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return api::ParseMilliQuantity(View(*v));
}

// Checks one container's (or the pod's summed) requests and limits against
// an item's min and max.
void CheckBounds(const JsonValue& item, std::string_view type, const JsonValue* requests,
                 const JsonValue* limits, std::vector<std::string>* errors) {
  auto value_in = [](const JsonValue* list, std::string_view name) -> const JsonValue* {
    return list != nullptr && list->IsObject() ? Member(*list, name) : nullptr;
  };
  if (const JsonValue* min = Member(item, "min"); min != nullptr && min->IsObject()) {
    for (const auto& m : min->GetObject()) {
      std::string name(View(m.name));
      const JsonValue* request = value_in(requests, name);
      std::string prefix = "minimum " + name + " usage per " + std::string(type) + " is " +
                           std::string(View(m.value));
      if (request == nullptr) {
        errors->push_back(prefix + ".  No request is specified");
      } else if (Milli(request).value_or(0) < Milli(&m.value).value_or(0)) {
        errors->push_back(prefix + ", but request is " + std::string(View(*request)));
      }
    }
  }
  if (const JsonValue* max = Member(item, "max"); max != nullptr && max->IsObject()) {
    for (const auto& m : max->GetObject()) {
      std::string name(View(m.name));
      const JsonValue* limit = value_in(limits, name);
      std::string prefix = "maximum " + name + " usage per " + std::string(type) + " is " +
                           std::string(View(m.value));
      if (limit == nullptr) {
        errors->push_back(prefix + ".  No limit is specified");
      } else if (Milli(limit).value_or(0) > Milli(&m.value).value_or(0)) {
        errors->push_back(prefix + ", but limit is " + std::string(View(*limit)));
      }
    }
  }
}

// The pod's containers' requests (or limits) summed, as quantity strings.
Json PodTotal(const JsonValue& containers, const char* kind) {
  std::map<std::string, std::pair<int64_t, bool>> sums;
  for (const JsonValue& c : containers.GetArray()) {
    const JsonValue* list = Path(c, std::string("resources.") + kind);
    if (list == nullptr || !list->IsObject()) continue;
    for (const auto& m : list->GetObject()) {
      if (!m.value.IsString()) continue;
      auto& [sum, binary] = sums[std::string(View(m.name))];
      sum += api::ParseMilliQuantity(View(m.value)).value_or(0);
      binary = binary || api::HasBinarySuffix(View(m.value));
    }
  }
  Json out(rapidjson::kObjectType);
  for (const auto& [name, s] : sums) {
    SetString(out, name, api::FormatMilliQuantity(s.first, s.second), out.GetAllocator());
  }
  return out;
}

std::string Aggregate(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors.front();
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) out += (i ? ", " : "") + errors[i];
  return out + "]";
}

}  // namespace

Status AdmitLimitRanges(const Registry& registry, const ResourceInfo& pods, const std::string& ns,
                        Json& pod) {
  EKS_ASSIGN_OR_RETURN(std::vector<Json> ranges, ListStored(registry, "", "v1", "limitranges", ns));
  JsonAllocator& a = pod.GetAllocator();
  JsonValue* containers =
      Path(pod, "spec.containers") ? Member(pod["spec"], "containers") : nullptr;
  if (ranges.empty() || containers == nullptr || !containers->IsArray()) return Status::Ok();
  std::vector<std::string> errors, notes;
  for (const Json& range : ranges) {
    const JsonValue* items = Path(range, "spec.limits");
    if (items == nullptr || !items->IsArray()) continue;
    for (const JsonValue& item : items->GetArray()) {
      std::string_view type = StringAt(item, "type");
      if (type == "Container") {
        for (JsonValue& c : containers->GetArray()) {
          ApplyDefaults(item, c, a, &notes);
          CheckBounds(item, type, Path(c, "resources.requests"), Path(c, "resources.limits"),
                      &errors);
        }
      } else if (type == "Pod") {
        Json requests = PodTotal(*containers, "requests");
        Json limits = PodTotal(*containers, "limits");
        CheckBounds(item, type, &requests, &limits, &errors);
      }
    }
  }
  if (!errors.empty()) return AdmissionForbidden(pods, pod, Aggregate(errors));
  // Upstream notes what it set in an annotation users see on the pod.
  if (!notes.empty()) {
    JsonValue& annotations = EnsureObject(EnsureObject(pod, "metadata", a), "annotations", a);
    SetString(annotations, "kubernetes.io/limit-ranger",
              "LimitRanger plugin set: " + Join(notes, "; "), a);
  }
  return Status::Ok();
}

}  // namespace ekslite::apiserver
