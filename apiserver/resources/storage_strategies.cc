// Storage: core/v1 PersistentVolumes and PersistentVolumeClaims, and
// storage.k8s.io/v1 StorageClasses, CSIDrivers and VolumeAttachments.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/workload_rules.h"

namespace ekslite::apiserver {
namespace {

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

// The volume sources a PersistentVolume may have (exactly one).
constexpr const char* kVolumeSources[] = {
    "awsElasticBlockStore", "azureDisk", "azureFile",     "cephfs",       "cinder",
    "csi",                  "fc",        "flexVolume",    "flocker",      "gcePersistentDisk",
    "glusterfs",            "hostPath",  "iscsi",         "local",        "nfs",
    "photonPersistentDisk", "portworxVolume", "quobyte",  "rbd",          "scaleIO",
    "storageos",            "vsphereVolume"};

void ValidateAccessModes(const JsonValue& spec, std::string_view required_detail,
                         api::ErrorList* errors) {
  api::FieldPath path = SpecPath().Child("accessModes");
  const JsonValue* modes = Member(spec, "accessModes");
  if (modes == nullptr || !modes->IsArray() || modes->Empty()) {
    errors->Add(api::Required(path, required_detail));
    return;
  }
  for (const JsonValue& m : modes->GetArray()) {
    std::string_view mode = View(m);
    if (mode != "ReadOnlyMany" && mode != "ReadWriteMany" && mode != "ReadWriteOnce" &&
        mode != "ReadWriteOncePod") {
      errors->Add(api::NotSupported(path, api::BadValue::String(mode),
                                    {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                     "ReadWriteOncePod"}));
    }
  }
}

void DefaultPersistentVolume(Json& pv) {
  JsonAllocator& a = pv.GetAllocator();
  JsonValue& spec = EnsureObject(pv, "spec", a);
  DefaultString(spec, "persistentVolumeReclaimPolicy", "Retain", a);
  DefaultString(spec, "volumeMode", "Filesystem", a);
  if (JsonValue* hp = Member(spec, "hostPath"); hp != nullptr && hp->IsObject()) {
    if (Member(*hp, "type") == nullptr) SetString(*hp, "type", "", a);
  }
}

Status ValidatePersistentVolume(const JsonValue& pv, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(pv, "spec");
  ValidateAccessModes(spec, "", &errors);
  const JsonValue& capacity = ObjectAt(spec, "capacity");
  if (capacity.ObjectEmpty()) {
    errors.Add(api::Required(SpecPath().Child("capacity"), ""));
  } else if (Member(capacity, "storage") == nullptr || capacity.MemberCount() > 1) {
    errors.Add(api::NotSupported(SpecPath().Child("capacity"),
                                 api::BadValue::Raw(ToJsonString(capacity)), {"storage"}));
  }
  int sources = 0;
  for (const char* s : kVolumeSources) sources += Member(spec, s) != nullptr ? 1 : 0;
  if (sources == 0) errors.Add(api::Required(SpecPath(), "must specify a volume type"));
  if (sources > 1) {
    errors.Add(api::Forbidden(SpecPath(), "may not specify more than 1 volume type"));
  }
  std::string_view policy = StringAt(spec, "persistentVolumeReclaimPolicy");
  if (policy != "Delete" && policy != "Recycle" && policy != "Retain") {
    errors.Add(api::NotSupported(SpecPath().Child("persistentVolumeReclaimPolicy"),
                                 api::BadValue::String(policy), {"Delete", "Recycle", "Retain"}));
  }
  return InvalidIfAny("PersistentVolume", "", pv, errors);
}

void DefaultPersistentVolumeClaim(Json& pvc) {
  JsonValue& spec = EnsureObject(pvc, "spec", pvc.GetAllocator());
  DefaultString(spec, "volumeMode", "Filesystem", pvc.GetAllocator());
}

Status ValidatePersistentVolumeClaim(const JsonValue& pvc, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(pvc, "spec");
  ValidateAccessModes(spec, "at least 1 access mode is required", &errors);
  if (Path(spec, "resources.requests.storage") == nullptr) {
    errors.Add(api::Required(SpecPath().Child("resources").Key("storage"), ""));
  }
  return InvalidIfAny("PersistentVolumeClaim", "", pvc, errors);
}

void DefaultStorageClass(Json& sc) {
  DefaultString(sc, "reclaimPolicy", "Delete", sc.GetAllocator());
  DefaultString(sc, "volumeBindingMode", "Immediate", sc.GetAllocator());
}

void ValidateStorageClassUpdate(const JsonValue& sc, const JsonValue& old,
                                api::ErrorList* errors) {
  for (const char* field : {"parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"}) {
    const JsonValue* a = Member(sc, field);
    const JsonValue* b = Member(old, field);
    if ((a == nullptr || b == nullptr) ? a != b : !(*a == *b)) {
      errors->Add(api::Forbidden(api::FieldPath(field),
                                 "updates to " + std::string(field) + " are forbidden."));
    }
  }
}

Status ValidateStorageClass(const JsonValue& sc, const JsonValue* old) {
  api::ErrorList errors;
  if (StringAt(sc, "provisioner").empty()) {
    errors.Add(api::Required(api::FieldPath("provisioner"), ""));
  }
  std::string_view policy = StringAt(sc, "reclaimPolicy");
  if (policy != "Delete" && policy != "Retain") {
    errors.Add(api::NotSupported(api::FieldPath("reclaimPolicy"), api::BadValue::String(policy),
                                 {"Delete", "Retain"}));
  }
  std::string_view mode = StringAt(sc, "volumeBindingMode");
  if (mode != "Immediate" && mode != "WaitForFirstConsumer") {
    errors.Add(api::NotSupported(api::FieldPath("volumeBindingMode"), api::BadValue::String(mode),
                                 {"Immediate", "WaitForFirstConsumer"}));
  }
  if (old != nullptr) ValidateStorageClassUpdate(sc, *old, &errors);
  return InvalidIfAny("StorageClass", "storage.k8s.io", sc, errors);
}

void DefaultCsiDriver(Json& driver) {
  JsonAllocator& a = driver.GetAllocator();
  JsonValue& spec = EnsureObject(driver, "spec", a);
  DefaultBool(spec, "attachRequired", true, a);
  DefaultBool(spec, "podInfoOnMount", false, a);
  DefaultBool(spec, "storageCapacity", false, a);
  DefaultString(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType", a);
  if (SizeAt(spec, "volumeLifecycleModes") == 0) {
    RemoveMember(spec, "volumeLifecycleModes");
    DefaultJson(spec, "volumeLifecycleModes", R"(["Persistent"])", a);
  }
  DefaultBool(spec, "requiresRepublish", false, a);
  DefaultBool(spec, "seLinuxMount", false, a);
}

Status ValidateVolumeAttachment(const JsonValue& va, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(va, "spec");
  if (StringAt(spec, "attacher").empty()) errors.Add(api::Required(SpecPath().Child("attacher"), ""));
  if (StringAt(spec, "nodeName").empty()) errors.Add(api::Required(SpecPath().Child("nodeName"), ""));
  return InvalidIfAny("VolumeAttachment", "storage.k8s.io", va, errors);
}

}  // namespace

Strategy PersistentVolumeStrategy() {
  Strategy s = DefaultingStrategy(DefaultPersistentVolume, "", ValidatePersistentVolume);
  s.prepare_for_create = [](Json& pv, const WriteContext& ctx) -> Status {
    DefaultPersistentVolume(pv);
    ResetStatus(pv, R"({"phase":"Pending"})");
    SetString(pv["status"], "lastPhaseTransitionTime", FormatRfc3339(ctx.now), pv.GetAllocator());
    return Status::Ok();
  };
  return s;
}

Strategy PersistentVolumeClaimStrategy() {
  return DefaultingStrategy(DefaultPersistentVolumeClaim, R"({"phase":"Pending"})",
                            ValidatePersistentVolumeClaim);
}

Strategy StorageClassStrategy() {
  return DefaultingStrategy(DefaultStorageClass, "", ValidateStorageClass);
}

Strategy CsiDriverStrategy() { return DefaultingStrategy(DefaultCsiDriver, "", nullptr); }

Strategy VolumeAttachmentStrategy() {
  return DefaultingStrategy(nullptr, R"({"attached":false})", ValidateVolumeAttachment);
}

}  // namespace ekslite::apiserver
