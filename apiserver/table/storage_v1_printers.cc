#include "apiserver/table/storage_v1_printers.h"

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

// A JSON boolean cell (upstream prints Go bools as true/false).
std::string BoolCell(bool v) { return v ? "true" : "false"; }

bool Bool(const JsonValue& o, std::string_view path, bool fallback) {
  const JsonValue* v = Path(o, path);
  return v != nullptr && v->IsBool() ? v->GetBool() : fallback;
}

// "RWO,ROX,RWX,RWOP" in that order, each once.
std::string AccessModes(const JsonValue* modes) {
  if (modes == nullptr || !modes->IsArray()) return "";
  std::string out;
  for (auto [mode, abbrev] : {std::pair{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"},
                              {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}}) {
    for (const JsonValue& m : modes->GetArray()) {
      if (View(m) != mode) continue;
      out += (out.empty() ? "" : ",") + std::string(abbrev);
      break;
    }
  }
  return out;
}

// spec.storageClassName, or the beta annotation older objects carry.
std::string StorageClassOf(const JsonValue& o) {
  const JsonValue* ann = Path(o, "metadata.annotations");
  if (ann != nullptr) {
    if (const JsonValue* v = Member(*ann, "volume.beta.kubernetes.io/storage-class")) {
      return std::string(View(*v));
    }
  }
  return std::string(StringAt(o, "spec.storageClassName"));
}

std::string Phase(const JsonValue& o) {
  if (Path(o, "metadata.deletionTimestamp") != nullptr) return "Terminating";
  return std::string(StringAt(o, "status.phase"));
}

std::string UnsetOr(const JsonValue& o, std::string_view path) {
  std::string_view v = StringAt(o, path);
  return v.empty() ? "<unset>" : std::string(v);
}

bool IsDefaultClass(const JsonValue& sc) {
  const JsonValue* ann = Path(sc, "metadata.annotations");
  if (ann == nullptr) return false;
  for (const char* key : {"storageclass.kubernetes.io/is-default-class",
                          "storageclass.beta.kubernetes.io/is-default-class"}) {
    if (StringAt(*ann, key) == "true") return true;
  }
  return false;
}

std::string TokenAudiences(const JsonValue& o) {
  const JsonValue* reqs = Path(o, "spec.tokenRequests");
  if (reqs == nullptr || !reqs->IsArray()) return "<unset>";
  std::string out;
  for (const JsonValue& r : reqs->GetArray()) {
    out += (out.empty() ? "" : ",") + std::string(StringAt(r, "audience"));
  }
  return out;
}

std::string Modes(const JsonValue& o) {
  const JsonValue* modes = Path(o, "spec.volumeLifecycleModes");
  std::string out;
  if (modes != nullptr && modes->IsArray()) {
    for (const JsonValue& m : modes->GetArray()) out += (out.empty() ? "" : ",") + std::string(View(m));
  }
  return OrNone(out);
}

}  // namespace

void UsePersistentVolumeTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Capacity", "The size of the volume."),
                  Col("Access Modes", "How the volume can be mounted."),
                  Col("Reclaim Policy", "What happens to the volume when its claim goes."),
                  Col("Status", "The phase of the volume."),
                  Col("Claim", "The claim bound to the volume."),
                  Col("StorageClass", "The storage class of the volume."),
                  Col("VolumeAttributesClass", "The volume attributes class of the volume."),
                  Col("Reason", "Why the volume is in its phase."),
                  AgeColumn(),
                  Col("VolumeMode", "Whether the volume is a filesystem or a block device.", 1)};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(StringAt(o, "spec.capacity.storage")));
    c->push_back(StringCell(AccessModes(Path(o, "spec.accessModes"))));
    c->push_back(StringCell(StringAt(o, "spec.persistentVolumeReclaimPolicy")));
    c->push_back(StringCell(Phase(o)));
    std::string claim;
    if (Path(o, "spec.claimRef") != nullptr) {
      claim = std::string(StringAt(o, "spec.claimRef.namespace")) + "/" +
              std::string(StringAt(o, "spec.claimRef.name"));
    }
    c->push_back(StringCell(claim));
    c->push_back(StringCell(StorageClassOf(o)));
    c->push_back(StringCell(UnsetOr(o, "spec.volumeAttributesClassName")));
    c->push_back(StringCell(StringAt(o, "status.reason")));
    c->push_back(StringCell(AgeOf(o, now)));
    c->push_back(StringCell(UnsetOr(o, "spec.volumeMode")));
  };
}

void UsePersistentVolumeClaimTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Status", "The phase of the claim."),
                  Col("Volume", "The volume bound to the claim."),
                  Col("Capacity", "The size of the bound volume."),
                  Col("Access Modes", "How the bound volume can be mounted."),
                  Col("StorageClass", "The storage class of the claim."),
                  Col("VolumeAttributesClass", "The volume attributes class of the claim."),
                  AgeColumn(),
                  Col("VolumeMode", "Whether the claim is a filesystem or a block device.", 1)};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(Phase(o)));
    std::string_view volume = StringAt(o, "spec.volumeName");
    c->push_back(StringCell(volume));
    bool bound = !volume.empty();
    c->push_back(StringCell(bound ? StringAt(o, "status.capacity.storage") : ""));
    c->push_back(StringCell(bound ? AccessModes(Path(o, "status.accessModes")) : ""));
    c->push_back(StringCell(StorageClassOf(o)));
    c->push_back(StringCell(UnsetOr(o, "spec.volumeAttributesClassName")));
    c->push_back(StringCell(AgeOf(o, now)));
    c->push_back(StringCell(UnsetOr(o, "spec.volumeMode")));
  };
}

void UseStorageClassTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("Provisioner", "The volume plugin that provisions volumes."),
                  Col("ReclaimPolicy", "What happens to provisioned volumes when released."),
                  Col("VolumeBindingMode", "When volumes are bound and provisioned."),
                  Col("AllowVolumeExpansion", "Whether volumes may grow."),
                  AgeColumn()};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    std::string name(StringAt(o, "metadata.name"));
    c->push_back(StringCell(IsDefaultClass(o) ? name + " (default)" : name));
    c->push_back(StringCell(StringAt(o, "provisioner")));
    c->push_back(StringCell(StringAt(o, "reclaimPolicy", "Delete")));
    c->push_back(StringCell(StringAt(o, "volumeBindingMode", "Immediate")));
    c->push_back(BoolCell(Bool(o, "allowVolumeExpansion", false)));
    c->push_back(StringCell(AgeOf(o, now)));
  };
}

void UseCsiDriverTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("AttachRequired", "Whether volumes are attached before mounting.", 0, "boolean"),
                  Col("PodInfoOnMount", "Whether mounts get pod information.", 0, "boolean"),
                  Col("StorageCapacity", "Whether the driver reports capacity.", 0, "boolean"),
                  Col("TokenRequests", "The audiences of the tokens the driver gets."),
                  Col("RequiresRepublish", "Whether volumes are remounted periodically.", 0,
                      "boolean"),
                  Col("Modes", "The volume lifecycle modes the driver supports.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(BoolCell(Bool(o, "spec.attachRequired", true)));
                   c->push_back(BoolCell(Bool(o, "spec.podInfoOnMount", false)));
                   c->push_back(BoolCell(Bool(o, "spec.storageCapacity", false)));
                   c->push_back(StringCell(TokenAudiences(o)));
                   c->push_back(BoolCell(Bool(o, "spec.requiresRepublish", false)));
                   c->push_back(StringCell(Modes(o)));
                 });
}

void UseCsiNodeTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Drivers", "The CSI drivers registered on the node.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(IntCell(static_cast<int64_t>(MemberCount(o, "spec.drivers"))));
                 });
}

void UseVolumeAttachmentTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Attacher", "The driver that attaches the volume."),
                  Col("PV", "The persistent volume attached."),
                  Col("Node", "The node the volume is attached to."),
                  Col("Attached", "Whether the volume is attached.", 0, "boolean")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "spec.attacher")));
                   c->push_back(StringCell(StringAt(o, "spec.source.persistentVolumeName")));
                   c->push_back(StringCell(StringAt(o, "spec.nodeName")));
                   c->push_back(BoolCell(Bool(o, "status.attached", false)));
                 });
}

void UseCsiStorageCapacityTable(ResourceInfo& info) {
  info.columns = {NameColumn(), Col("StorageClassName", "The storage class the capacity is for."),
                  Col("Capacity", "The capacity available.")};
  info.row = [](const JsonValue& o, Clock::time_point, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(StringAt(o, "storageClassName")));
    c->push_back(StringCell(UnsetOr(o, "capacity")));
  };
}

}  // namespace ekslite::apiserver
