#include "apiserver/crd/crd_model.h"

#include <algorithm>

#include "core/api/conditions.h"

namespace ekslite::apiserver {
namespace {

std::vector<std::string> Strings(const JsonValue* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString()) out.emplace_back(View(v));
  }
  return out;
}

bool BoolAt(const JsonValue& v, std::string_view name) {
  const JsonValue* b = Member(v, name);
  return b != nullptr && b->IsBool() && b->GetBool();
}

std::vector<CrdColumn> ReadColumns(const JsonValue* list) {
  std::vector<CrdColumn> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& c : list->GetArray()) {
    CrdColumn col;
    col.name = StringAt(c, "name");
    col.type = StringAt(c, "type");
    col.format = StringAt(c, "format");
    col.description = StringAt(c, "description");
    col.json_path = StringAt(c, "jsonPath");
    col.priority = static_cast<int>(IntAt(c, "priority").value_or(0));
    out.push_back(std::move(col));
  }
  return out;
}

CrdVersion ReadVersion(const JsonValue& v) {
  CrdVersion out;
  out.name = StringAt(v, "name");
  out.served = BoolAt(v, "served");
  out.storage = BoolAt(v, "storage");
  out.deprecated = BoolAt(v, "deprecated");
  if (const JsonValue* w = Member(v, "deprecationWarning"); w && w->IsString()) {
    out.deprecation_warning = std::string(View(*w));
  }
  if (const JsonValue* s = Path(v, "schema.openAPIV3Schema"); s && s->IsObject()) {
    auto copy = std::make_shared<Json>();
    copy->CopyFrom(*s, copy->GetAllocator());
    out.schema = std::move(copy);
  }
  const JsonValue* sub = Member(v, "subresources");
  out.status_subresource = sub != nullptr && Member(*sub, "status") != nullptr;
  if (const JsonValue* scale = sub ? Member(*sub, "scale") : nullptr; scale && scale->IsObject()) {
    out.scale = CrdScale{std::string(StringAt(*scale, "specReplicasPath")),
                         std::string(StringAt(*scale, "statusReplicasPath")),
                         std::string(StringAt(*scale, "labelSelectorPath"))};
  }
  out.columns = ReadColumns(Member(v, "additionalPrinterColumns"));
  if (const JsonValue* f = Member(v, "selectableFields"); f && f->IsArray()) {
    for (const JsonValue& s : f->GetArray())
      out.selectable_fields.emplace_back(StringAt(s, "jsonPath"));
  }
  return out;
}

}  // namespace

CrdNames ReadNames(const JsonValue* names) {
  CrdNames out;
  if (names == nullptr || !names->IsObject()) return out;
  out.plural = StringAt(*names, "plural");
  out.singular = StringAt(*names, "singular");
  out.kind = StringAt(*names, "kind");
  out.list_kind = StringAt(*names, "listKind");
  out.short_names = Strings(Member(*names, "shortNames"));
  out.categories = Strings(Member(*names, "categories"));
  return out;
}

CrdModel ReadCrd(const JsonValue& crd) {
  CrdModel out;
  out.name = StringAt(crd, "metadata.name");
  out.uid = StringAt(crd, "metadata.uid");
  out.group = StringAt(crd, "spec.group");
  out.namespaced = StringAt(crd, "spec.scope") != "Cluster";
  out.spec_names = ReadNames(Path(crd, "spec.names"));
  out.accepted_names = ReadNames(Path(crd, "status.acceptedNames"));
  if (const JsonValue* vs = Path(crd, "spec.versions"); vs && vs->IsArray()) {
    for (const JsonValue& v : vs->GetArray()) out.versions.push_back(ReadVersion(v));
  }
  out.terminating = Path(crd, "metadata.deletionTimestamp") != nullptr;
  for (const std::string& f : Strings(Path(crd, "metadata.finalizers"))) {
    out.has_cleanup_finalizer = out.has_cleanup_finalizer || f == kCleanupFinalizer;
  }
  out.established = ConditionTrue(crd, "Established");
  return out;
}

const CrdVersion* CrdModel::StorageVersion() const {
  for (const CrdVersion& v : versions) {
    if (v.storage) return &v;
  }
  return nullptr;
}

std::vector<const CrdVersion*> CrdModel::ServedVersions() const {
  std::vector<const CrdVersion*> out;
  for (const CrdVersion& v : versions) {
    if (v.served) out.push_back(&v);
  }
  std::stable_sort(out.begin(), out.end(), [](const CrdVersion* a, const CrdVersion* b) {
    return VersionPriorityLess(a->name, b->name);
  });
  return out;
}

bool ConditionTrue(const JsonValue& crd, std::string_view type) {
  const JsonValue* c = api::FindCondition(crd, type);
  return c != nullptr && StringAt(*c, "status") == "True";
}

}  // namespace ekslite::apiserver
