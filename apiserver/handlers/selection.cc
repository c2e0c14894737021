#include "apiserver/handlers/selection.h"

#include "apiserver/resources/resource_table.h"
#include "core/api/field_selector.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {

StatusOr<Selection> SelectionFor(const RequestScope& scope) {
  const ResourceInfo& r = scope.resource;
  Selection out;
  out.prefix = ResourceTable::StoragePrefix(r);
  if (r.namespaced && !scope.info.namespace_.empty()) out.prefix += scope.info.namespace_ + "/";

  EKS_ASSIGN_OR_RETURN(api::LabelSelector labels,
                       api::ParseLabelSelector(scope.info.query.GetOr("labelSelector", "")));
  EKS_ASSIGN_OR_RETURN(api::FieldSelector fields,
                       api::ParseFieldSelector(scope.info.query.GetOr("fieldSelector", "")));
  if (!fields.Empty()) {
    if (r.field_selectors.empty()) {
      EKS_RETURN_IF_ERROR(api::CheckMetadataFieldLabels(fields));
    } else {
      std::vector<std::string> supported = {"metadata.name", "metadata.namespace"};
      for (const FieldSelectorSpec& f : r.field_selectors) supported.push_back(f.label);
      EKS_RETURN_IF_ERROR(api::CheckFieldLabels(fields, supported));
    }
  }
  if (labels.Empty() && fields.Empty()) return out;
  out.filter = [labels = std::move(labels), fields = std::move(fields)](const CachedObject& o) {
    if (!labels.Empty() && !labels.Matches(o.index.labels)) return false;
    if (fields.Empty()) return true;
    return fields.Matches([&](std::string_view field) -> std::optional<std::string> {
      if (field == "metadata.name") return o.index.name;
      if (field == "metadata.namespace") return o.index.namespace_;
      auto it = o.index.fields.find(field);
      if (it == o.index.fields.end()) return std::nullopt;
      return it->second;
    });
  };
  return out;
}

}  // namespace ekslite::apiserver
