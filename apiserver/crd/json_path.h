// JsonPath: the subset of kubectl's JSONPath that CRD printer columns and
// selectable fields use: `.a.b`, `.a\.b` (an escaped dot in a name),
// `['a.b']`, `[0]`, `[-1]`, `[*]`, `.*` and filters `[?(@.type=="Ready")]`
// (`==`, `!=` against a string, number, true/false, or bare `[?(@.x)]`).
// Missing keys select nothing (upstream's AllowMissingKeys).
#ifndef EKSLITE_APISERVER_CRD_JSON_PATH_H_
#define EKSLITE_APISERVER_CRD_JSON_PATH_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

class JsonPath {
 public:
  // Parses `path` (with or without surrounding braces). kInvalid when it is
  // not in the subset.
  static StatusOr<JsonPath> Parse(std::string_view path);

  // The values `path` selects in `root`, in document order. Pointers into
  // `root`.
  std::vector<const JsonValue*> Find(const JsonValue& root) const;
  // The first value selected, or null.
  const JsonValue* First(const JsonValue& root) const;

  struct Step;

 private:
  std::vector<std::shared_ptr<const Step>> steps_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_JSON_PATH_H_
