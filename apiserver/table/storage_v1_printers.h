// Table columns of storage: core/v1 PersistentVolumes and
// PersistentVolumeClaims, and storage.k8s.io/v1 StorageClasses, CSIDrivers,
// CSINodes, VolumeAttachments and CSIStorageCapacities, as upstream prints
// them.
#ifndef EKSLITE_APISERVER_TABLE_STORAGE_V1_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_STORAGE_V1_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UsePersistentVolumeTable(ResourceInfo& info);
void UsePersistentVolumeClaimTable(ResourceInfo& info);
void UseStorageClassTable(ResourceInfo& info);
void UseCsiDriverTable(ResourceInfo& info);
void UseCsiNodeTable(ResourceInfo& info);
void UseVolumeAttachmentTable(ResourceInfo& info);
void UseCsiStorageCapacityTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_STORAGE_V1_PRINTERS_H_
