// The status of a CustomResourceDefinition as upstream's naming and
// establishing controllers leave it, computed at once on every write so that
// a client sees `Established=True` in the create's response:
//   - status.acceptedNames: the spec names that no other resource of the
//     group uses (upstream's per-name rules); listKind and singular defaulted;
//   - condition NamesAccepted: True/NoConflicts "no conflicts found", or False
//     with reason PluralConflict, SingularConflict, ShortNamesConflict,
//     KindConflict or ListKindConflict and `"<name>" is already in use`;
//   - condition Established: True/InitialNamesAccepted "the initial names
//     have been accepted" once the names are accepted (it then stays True),
//     else False/NotAccepted "not all names are accepted";
//   - status.storedVersions: includes the storage version.
#ifndef EKSLITE_APISERVER_CRD_CRD_STATUS_H_
#define EKSLITE_APISERVER_CRD_CRD_STATUS_H_

#include <set>
#include <string>

#include "apiserver/resources/resource_table.h"
#include "core/clock.h"
#include "core/json.h"

namespace ekslite::apiserver {

// The names other resources of a group hold.
struct NamesInUse {
  std::set<std::string> resources;  // plural, singular and short names
  std::set<std::string> kinds;      // kinds and list kinds
};

// What the resources of `group` in `table` hold, except the custom resource
// stored as `own_plural` (the CRD's own, when it is served already).
NamesInUse NamesInGroup(const ResourceTable& table, const std::string& group,
                        const std::string& own_plural);

// Sets status.acceptedNames and the NamesAccepted and Established conditions
// of `crd` (its status as stored so far in it).
void UpdateNamesStatus(Json& crd, const NamesInUse& in_use, Clock::time_point now);

// Adds the storage version to status.storedVersions when missing.
void EnsureStoredVersion(Json& crd);

// Sets condition `type` (keeping lastTransitionTime when the status does not
// change); conditions stay in the order first set.
void SetCondition(Json& crd, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, Clock::time_point now);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CRD_STATUS_H_
