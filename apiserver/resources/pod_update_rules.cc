#include "apiserver/resources/pod_update_rules.h"

namespace ekslite::apiserver {
namespace {

constexpr const char* kMayNotChange =
    "pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)";

// Sets `name` of `to` to a copy of the member of `from` (or removes it when
// `from` has none).
void CopyFrom(const JsonValue& from, JsonValue& to, const char* name, JsonAllocator& a) {
  const JsonValue* v = Member(from, name);
  if (v == nullptr) {
    RemoveMember(to, name);
  } else {
    SetMember(to, name, JsonValue(*v, a), a);
  }
}

// Gives each container of `list` the image the container at the same index
// had, when the number of containers is the same (a changed count is then
// reported as a change of the spec).
void KeepOldImages(JsonValue& spec, const JsonValue& old_spec, const char* list,
                   JsonAllocator& a) {
  JsonValue* now = Member(spec, list);
  const JsonValue* before = Member(old_spec, list);
  if (now == nullptr || before == nullptr || !now->IsArray() || !before->IsArray() ||
      now->Size() != before->Size()) {
    return;
  }
  for (rapidjson::SizeType i = 0; i < now->Size(); ++i) {
    if ((*now)[i].IsObject()) CopyFrom((*before)[i], (*now)[i], "image", a);
  }
}

bool SameToleration(const JsonValue& a, const JsonValue& b) {
  for (const char* f : {"key", "operator", "value", "effect"}) {
    if (StringAt(a, f) != StringAt(b, f)) return false;
  }
  return true;
}

// Every toleration the pod had must still be there (its tolerationSeconds may
// change).
void ValidateTolerations(const JsonValue& spec, const JsonValue& old_spec,
                         api::ErrorList* errors) {
  const JsonValue* before = Member(old_spec, "tolerations");
  if (before == nullptr || !before->IsArray()) return;
  const JsonValue* now = Member(spec, "tolerations");
  for (const JsonValue& t : before->GetArray()) {
    bool kept = false;
    if (now != nullptr && now->IsArray()) {
      for (const JsonValue& n : now->GetArray()) kept = kept || SameToleration(t, n);
    }
    if (!kept) {
      errors->Add(api::Forbidden(api::FieldPath("spec").Child("tolerations"),
                                 "existing toleration can not be modified except its "
                                 "tolerationSeconds"));
      return;
    }
  }
}

// True when every scheduling gate of `spec` was one of `old_spec` (gates may
// only be removed).
bool GatesOnlyRemoved(const JsonValue& spec, const JsonValue& old_spec) {
  const JsonValue* now = Member(spec, "schedulingGates");
  const JsonValue* before = Member(old_spec, "schedulingGates");
  if (now == nullptr || !now->IsArray()) return true;
  if (before == nullptr || !before->IsArray()) return now->Empty();
  for (const JsonValue& g : now->GetArray()) {
    bool had = false;
    for (const JsonValue& o : before->GetArray()) {
      had = had || StringAt(g, "name") == StringAt(o, "name");
    }
    if (!had) return false;
  }
  return true;
}

// Absent, null, {} and [] are one value to Go's semantic equality (nil and
// empty maps and slices compare equal).
bool IsEmptyValue(const JsonValue* v) {
  return v == nullptr || v->IsNull() || (v->IsObject() && v->ObjectEmpty()) ||
         (v->IsArray() && v->Empty());
}

bool SemanticallyEqual(const JsonValue& x, const JsonValue& y);

bool SameMembers(const JsonValue& x, const JsonValue& y) {
  for (const auto& m : x.GetObject()) {
    const JsonValue* other = Member(y, View(m.name));
    if (IsEmptyValue(&m.value) && IsEmptyValue(other)) continue;
    if (other == nullptr || !SemanticallyEqual(m.value, *other)) return false;
  }
  for (const auto& m : y.GetObject()) {
    if (Member(x, View(m.name)) == nullptr && !IsEmptyValue(&m.value)) return false;
  }
  return true;
}

bool SemanticallyEqual(const JsonValue& x, const JsonValue& y) {
  if (IsEmptyValue(&x) && IsEmptyValue(&y)) return true;
  if (x.IsObject() && y.IsObject()) return SameMembers(x, y);
  if (x.IsArray() && y.IsArray()) {
    if (x.Size() != y.Size()) return false;
    for (rapidjson::SizeType i = 0; i < x.Size(); ++i) {
      if (!SemanticallyEqual(x[i], y[i])) return false;
    }
    return true;
  }
  return x == y;
}

}  // namespace

void ValidatePodSpecUpdate(const JsonValue& spec, const JsonValue& old_spec,
                           api::ErrorList* errors) {
  // Take the new spec, put back the old values of what may change, and
  // compare with the old spec: any difference left is forbidden.
  Json munged;
  munged.CopyFrom(spec, munged.GetAllocator());
  JsonAllocator& a = munged.GetAllocator();
  KeepOldImages(munged, old_spec, "containers", a);
  KeepOldImages(munged, old_spec, "initContainers", a);
  CopyFrom(old_spec, munged, "activeDeadlineSeconds", a);
  CopyFrom(old_spec, munged, "tolerations", a);
  if (IntAt(old_spec, "terminationGracePeriodSeconds").value_or(0) < 0 &&
      IntAt(spec, "terminationGracePeriodSeconds").value_or(0) == 1) {
    CopyFrom(old_spec, munged, "terminationGracePeriodSeconds", a);
  }
  if (GatesOnlyRemoved(spec, old_spec)) CopyFrom(old_spec, munged, "schedulingGates", a);
  if (!SemanticallyEqual(munged, old_spec)) {
    errors->Add(api::Forbidden(api::FieldPath("spec"), kMayNotChange));
    return;
  }
  ValidateTolerations(spec, old_spec, errors);
}

}  // namespace ekslite::apiserver
