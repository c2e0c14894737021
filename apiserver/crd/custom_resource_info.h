// The ResourceInfo of each served version of a CRD: discovery data from the
// accepted names, one storage for all versions (the storage version's), the
// version's imported schema and strategy, Table columns, selectable fields,
// and the status and scale subresources it declares.
//
// Conversion is upstream's `None`: an object moves between versions by its
// apiVersion alone. Every version converts on the way in (pruned and
// defaulted with its own schema, then relabelled as the storage version) and
// on the way out (relabelled, then defaulted with its schema); versions other
// than the storage one write through the storage version's entry
// (ResourceInfo::storage_info, set by the caller).
#ifndef EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_INFO_H_
#define EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_INFO_H_

#include <atomic>
#include <memory>
#include <vector>

#include "apiserver/crd/crd_model.h"
#include "apiserver/resources/resource.h"
#include "core/status.h"

namespace ekslite::apiserver {

struct CustomResourceInfos {
  // One per served version, highest priority first.
  std::vector<ResourceInfo> versions;
  // The version whose info is the storage identity: the CRD's storage
  // version, or the first served one when the storage version is not served.
  std::string storage_version;
};

// Builds the infos of `crd`'s served versions. `terminating` is shared with
// their strategies (creates are refused while it is true). kInvalid when a
// schema cannot be imported or a printer column path is not understood.
StatusOr<CustomResourceInfos> BuildCustomResourceInfos(
    const CrdModel& crd, std::shared_ptr<const std::atomic<bool>> terminating);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_INFO_H_
