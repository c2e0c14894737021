// autoscaling/v2 and autoscaling/v1: HorizontalPodAutoscalers, stored as
// autoscaling/v2 (the preferred version) and converted for v1.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/hpa_conversion.h"
#include "apiserver/table/batch_v1_printers.h"

namespace ekslite::apiserver {
namespace {

ResourceInfo Hpa(std::string version) {
  ResourceInfo hpa = NewResource("autoscaling", std::move(version), "horizontalpodautoscalers",
                                 "horizontalpodautoscaler", "HorizontalPodAutoscaler", true);
  hpa.short_names = {"hpa"};
  hpa.categories = {"all"};
  hpa.subresources = {StatusSubresource(hpa)};
  hpa.has_status = true;
  return hpa;
}

}  // namespace

void RegisterAutoscaling(ResourceTable& table) {
  ResourceInfo v2 = Hpa("v2");
  v2.strategy = HorizontalPodAutoscalerStrategy();
  UseHorizontalPodAutoscalerTable(v2, nullptr);
  table.Add(std::move(v2));

  ResourceInfo v1 = Hpa("v1");
  v1.storage_group = "autoscaling";
  v1.storage_resource = "horizontalpodautoscalers";
  v1.storage_version = "v2";
  v1.from_storage = HpaV2ToV1;
  v1.to_storage = HpaV1ToV2;
  UseHorizontalPodAutoscalerTable(v1, HpaV1ToV2);
  table.Add(std::move(v1));
}

}  // namespace ekslite::apiserver
