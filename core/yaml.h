// YAML to JSON, the way Kubernetes reads YAML bodies and apply patches: each
// document becomes the JSON value it denotes (YAML 1.1 booleans such as
// yes/no/on/off included, as sigs.k8s.io/yaml reads them).
#ifndef EKSLITE_CORE_YAML_H_
#define EKSLITE_CORE_YAML_H_

#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace ekslite {

// Converts one YAML document. kBadRequest naming the problem (and line) for
// malformed YAML, non-string mapping keys or documents nested too deeply.
StatusOr<Json> YamlToJson(std::string_view yaml);

}  // namespace ekslite

#endif  // EKSLITE_CORE_YAML_H_
