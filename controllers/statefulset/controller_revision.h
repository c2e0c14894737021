// ControllerRevisions (apps/v1): the history StatefulSets and DaemonSets
// keep of their pod templates. A revision stores the template as
// {"spec":{"template":{..., "$patch":"replace"}}}; its name is
// "<owner>-<hash>" where the hash is upstream's: FNV-32a of the stored data,
// printed in decimal and mapped onto the alphabet of safe name characters.
// Pods carry the hash in the controller-revision-hash label.
#ifndef EKSLITE_CONTROLLERS_STATEFULSET_CONTROLLER_REVISION_H_
#define EKSLITE_CONTROLLERS_STATEFULSET_CONTROLLER_REVISION_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/object.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::controllers {

inline constexpr std::string_view kControllerRevisionHashLabel = "controller-revision-hash";

// The revision data of `owner`'s spec.template.
Json RevisionData(const JsonValue& owner);
// The hash of revision data (upstream's HashControllerRevision, no probe).
std::string RevisionHash(const JsonValue& data);

struct Revisions {
  client::ObjectPtr update;   // the revision of the current template
  client::ObjectPtr current;  // the revision named in status.currentRevision (else `update`)
  int64_t next_number = 1;
};

// Finds (or creates through `client`) the revision of `owner`'s template
// among `owned` (the owner's ControllerRevisions), and the one its status
// names current. `kind`/`api_version` describe the owner for the owner
// reference; the revision gets the owner's selector labels.
StatusOr<Revisions> SyncRevisions(const client::DynamicClient& client, const JsonValue& owner,
                                  std::string_view api_version, std::string_view kind,
                                  const std::vector<client::ObjectPtr>& owned);

// The hash of a revision object (its label, else the part after the last '-').
std::string HashOfRevision(const JsonValue& revision);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_STATEFULSET_CONTROLLER_REVISION_H_
