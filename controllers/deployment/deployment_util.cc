#include "controllers/deployment/deployment_util.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ekslite::controllers::deployment {
namespace {

constexpr std::string_view kSafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A copy of a pod template without the pod-template-hash label.
Json WithoutHash(const JsonValue& t) {
  Json copy;
  copy.CopyFrom(t, copy.GetAllocator());
  JsonValue* labels = copy.IsObject() ? Member(copy, "metadata") : nullptr;
  if (labels != nullptr) labels = Member(*labels, "labels");
  if (labels != nullptr && labels->IsObject()) RemoveMember(*labels, kPodTemplateHashLabel);
  return copy;
}

}  // namespace

StatusOr<int64_t> ScaledValue(const JsonValue* value, std::string_view fallback, int64_t total,
                              bool round_up) {
  std::string_view text = fallback;
  if (value != nullptr && value->IsInt64()) return value->GetInt64();
  if (value != nullptr && value->IsString()) text = View(*value);
  if (text.empty() || text.back() != '%') {
    if (auto v = ParseInt(text)) return *v;
    return Status::Invalid("invalid value for IntOrString: \"" + std::string(text) + "\"");
  }
  auto percent = ParseInt(text.substr(0, text.size() - 1));
  if (!percent) return Status::Invalid("invalid value for IntOrString: \"" + std::string(text) + "\"");
  double scaled = static_cast<double>(*percent) * static_cast<double>(total) / 100.0;
  return static_cast<int64_t>(round_up ? std::ceil(scaled) : std::floor(scaled));
}

bool IsRollingUpdate(const JsonValue& d) {
  std::string_view type = StringAt(d, "spec.strategy.type", "RollingUpdate");
  return type == "RollingUpdate";
}

int64_t SpecReplicas(const JsonValue& object) { return IntAt(object, "spec.replicas").value_or(1); }

Fenceposts ResolveFenceposts(const JsonValue& d, int64_t replicas) {
  const JsonValue* rolling = Path(d, "spec.strategy.rollingUpdate");
  const JsonValue* surge = rolling == nullptr ? nullptr : Member(*rolling, "maxSurge");
  const JsonValue* unavailable = rolling == nullptr ? nullptr : Member(*rolling, "maxUnavailable");
  Fenceposts f;
  auto s = ScaledValue(surge, "25%", replicas, true);
  f.max_surge = s.ok() ? *s : 0;
  auto u = ScaledValue(unavailable, "25%", replicas, false);
  f.max_unavailable = u.ok() ? *u : 0;
  if (f.max_surge == 0 && f.max_unavailable == 0) f.max_unavailable = 1;
  return f;
}

int64_t MaxUnavailable(const JsonValue& d) {
  int64_t replicas = SpecReplicas(d);
  if (!IsRollingUpdate(d) || replicas == 0) return 0;
  return std::min(ResolveFenceposts(d, replicas).max_unavailable, replicas);
}

int64_t MaxSurge(const JsonValue& d) {
  if (!IsRollingUpdate(d)) return 0;
  return ResolveFenceposts(d, SpecReplicas(d)).max_surge;
}

std::string PodTemplateHash(const JsonValue& template_spec, std::optional<int64_t> collision_count) {
  std::string text = ToJsonString(template_spec);
  uint32_t hash = 2166136261u;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 16777619u;
  };
  for (char c : text) mix(static_cast<unsigned char>(c));
  if (collision_count.has_value()) {
    uint32_t count = static_cast<uint32_t>(*collision_count);
    for (int i = 0; i < 4; ++i) mix(static_cast<unsigned char>((count >> (8 * i)) & 0xff));
  }
  std::string digits = std::to_string(hash);
  std::string out;
  for (char c : digits) out.push_back(kSafeAlphabet[static_cast<unsigned char>(c) % kSafeAlphabet.size()]);
  return out;
}

bool EqualIgnoreHash(const JsonValue& a, const JsonValue& b) { return WithoutHash(a) == WithoutHash(b); }

std::optional<std::string_view> Annotation(const JsonValue& object, std::string_view key) {
  const JsonValue* annotations = Path(object, "metadata.annotations");
  const JsonValue* v = annotations == nullptr ? nullptr : Member(*annotations, key);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return View(*v);
}

int64_t Revision(const JsonValue& object) {
  auto text = Annotation(object, kRevisionAnnotation);
  if (!text) return 0;
  return ParseInt(*text).value_or(0);
}

bool SkipCopyAnnotation(std::string_view key) {
  return key == "kubectl.kubernetes.io/last-applied-configuration" || key == kRevisionAnnotation ||
         key == kRevisionHistoryAnnotation || key == kDesiredReplicasAnnotation ||
         key == kMaxReplicasAnnotation || key == "deprecated.deployment.rollback.to";
}

int64_t ReplicaSetProportion(int64_t rs_replicas, std::optional<int64_t> annotated_max,
                             int64_t status_replicas, int64_t replicas, int64_t max_surge,
                             int64_t to_add, int64_t added) {
  if (rs_replicas == 0 || to_add == 0 || to_add == added) return 0;
  int64_t fraction;
  if (replicas == 0) {
    fraction = -rs_replicas;
  } else {
    int64_t annotated = annotated_max.value_or(status_replicas);
    double size = annotated == 0 ? 0
                                 : static_cast<double>(rs_replicas * (replicas + max_surge)) /
                                       static_cast<double>(annotated);
    fraction = static_cast<int64_t>(std::round(size)) - rs_replicas;
  }
  int64_t allowed = to_add - added;
  return to_add > 0 ? std::min(fraction, allowed) : std::max(fraction, allowed);
}

int64_t NewReplicaSetReplicas(int64_t deployment_replicas, int64_t max_surge, int64_t current,
                              int64_t new_rs_replicas) {
  int64_t max_total = deployment_replicas + max_surge;
  if (current >= max_total) return new_rs_replicas;
  int64_t up = std::min(max_total - current, deployment_replicas - new_rs_replicas);
  return new_rs_replicas + up;
}

}  // namespace ekslite::controllers::deployment
