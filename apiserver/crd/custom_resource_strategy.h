// The Strategy of a custom resource: what upstream's custom resource storage
// does on top of the generic registry rules.
//   - create and update: unknown fields are pruned and the schema's defaults
//     applied; with a status subresource a create drops the status;
//     metadata.generation increases when anything but metadata (and status,
//     when it is a subresource) changes;
//   - validation against the schema (core/schema/value_validation.h) and, with
//     a scale subresource, of the replica counts and selector at its paths;
//     422 `<Kind>.<group> "<name>" is invalid: ...`;
//   - while the CRD is terminating, creates get 405 `create not allowed while
//     custom resource definition is terminating`.
#ifndef EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_STRATEGY_H_
#define EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_STRATEGY_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "apiserver/crd/crd_model.h"
#include "apiserver/resources/resource.h"
#include "core/schema/schema.h"

namespace ekslite::apiserver {

struct CustomResourceRules {
  std::string group;
  std::string kind;
  // The version's imported schema and its kind message (owned by `schema`).
  std::shared_ptr<const schema::Schema> schema;
  const schema::Message* message = nullptr;
  bool status_subresource = false;
  std::optional<CrdScale> scale;
  // True while the CRD is terminating; shared with the CRD manager.
  std::shared_ptr<const std::atomic<bool>> terminating;
};

Strategy CustomResourceStrategy(CustomResourceRules rules);

// Prunes and defaults `object` (a custom resource of the version `rules`
// describe) in place, as decoding it does upstream.
void DecodeCustomResource(Json& object, const CustomResourceRules& rules);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CUSTOM_RESOURCE_STRATEGY_H_
