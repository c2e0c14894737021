// discovery.k8s.io/v1: EndpointSlices.
#include "apiserver/resources/builtin.h"
#include "apiserver/table/networking_v1_printers.h"

namespace ekslite::apiserver {

void RegisterDiscoveryV1(ResourceTable& table) {
  ResourceInfo slices = NewResource("discovery.k8s.io", "v1", "endpointslices", "endpointslice",
                                    "EndpointSlice", true);
  slices.tracks_generation = true;
  UseEndpointSliceTable(slices);
  table.Add(std::move(slices));
}

}  // namespace ekslite::apiserver
