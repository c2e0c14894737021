// storage.k8s.io/v1: CSIDrivers, CSINodes, CSIStorageCapacities,
// StorageClasses and VolumeAttachments.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/storage_v1_printers.h"

namespace ekslite::apiserver {

void RegisterStorageV1(ResourceTable& table) {
  const std::string g = "storage.k8s.io";
  ResourceInfo drivers = NewResource(g, "v1", "csidrivers", "csidriver", "CSIDriver", false);
  drivers.strategy = CsiDriverStrategy();
  UseCsiDriverTable(drivers);
  table.Add(std::move(drivers));

  ResourceInfo nodes = NewResource(g, "v1", "csinodes", "csinode", "CSINode", false);
  UseCsiNodeTable(nodes);
  table.Add(std::move(nodes));

  ResourceInfo capacities = NewResource(g, "v1", "csistoragecapacities", "csistoragecapacity",
                                        "CSIStorageCapacity", true);
  UseCsiStorageCapacityTable(capacities);
  table.Add(std::move(capacities));

  ResourceInfo classes =
      NewResource(g, "v1", "storageclasses", "storageclass", "StorageClass", false);
  classes.short_names = {"sc"};
  classes.strategy = StorageClassStrategy();
  UseStorageClassTable(classes);
  table.Add(std::move(classes));

  ResourceInfo attachments = NewResource(g, "v1", "volumeattachments", "volumeattachment",
                                         "VolumeAttachment", false);
  attachments.subresources = {StatusSubresource(attachments)};
  attachments.has_status = true;
  attachments.strategy = VolumeAttachmentStrategy();
  UseVolumeAttachmentTable(attachments);
  table.Add(std::move(attachments));
}

}  // namespace ekslite::apiserver
