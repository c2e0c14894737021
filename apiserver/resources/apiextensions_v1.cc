// apiextensions.k8s.io/v1: CustomResourceDefinitions. The resource itself is
// an ordinary cluster-scoped resource with a status subresource; its rules are
// apiserver/crd/crd_strategy.h, and serving the resources a CRD defines is
// apiserver/crd/crd_controller.h's (reached through after_write).
#include "apiserver/crd/crd_strategy.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

// Upstream serves CRDs with its default table: Name and "Created At" (the
// creation timestamp as written).
void UseCrdTable(ResourceInfo& info) {
  info.columns = {
      NameColumn(),
      {"Created At", "date", "", "When the object was created (metadata.creationTimestamp).", 0}};
  info.row = [](const JsonValue& crd, Clock::time_point, std::vector<std::string>* cells) {
    cells->push_back(StringCell(StringAt(crd, "metadata.name")));
    cells->push_back(StringCell(StringAt(crd, "metadata.creationTimestamp")));
  };
}

}  // namespace

void RegisterApiextensionsV1(ResourceTable& table, const BuiltinOptions& options) {
  ResourceInfo crds = NewResource("apiextensions.k8s.io", "v1", "customresourcedefinitions",
                                  "customresourcedefinition", "CustomResourceDefinition", false);
  crds.short_names = {"crd", "crds"};
  crds.categories = {"api-extensions"};
  crds.subresources = {StatusSubresource(crds)};
  crds.has_status = true;
  crds.tracks_generation = true;
  crds.strategy = CrdStrategy(&table);
  crds.after_write = options.after_crd_write;
  UseCrdTable(crds);
  table.Add(std::move(crds));
}

}  // namespace ekslite::apiserver
