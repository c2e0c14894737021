// CheckCustomResource (declared in object_check.h): strict field validation
// of custom resources, on top of their pruning.
#include <algorithm>
#include <string>
#include <vector>

#include "core/schema/field_validation.h"
#include "core/schema/object_check.h"
#include "core/schema/pruning.h"

namespace ekslite::schema {
namespace {

// Upstream reports the unknown fields of the root metadata first (read before
// pruning), the pruned ones sorted, and those of embedded resources' metadata
// last (coerced after pruning).
int Group(const std::string& path) {
  if (path.starts_with("metadata.")) return 0;
  size_t last = path.rfind('.');
  if (last != std::string::npos && last >= 9 &&
      std::string_view(path).substr(last - 9, 9) == ".metadata") {
    return 2;
  }
  return 1;
}

}  // namespace

DecodeProblems CheckCustomResource(const Message& kind, JsonValue& object,
                                   const CheckOptions& options) {
  DecodeProblems out;
  bool strict = options.validation != FieldValidation::kIgnore;
  if (strict && !options.raw_json.empty()) {
    out.strict_errors = UntypedDuplicateErrors(options.raw_json);
  }
  if (!object.IsObject()) return out;
  std::vector<std::string> unknown = PruneCustomResource(object, kind);
  if (!strict) return out;
  std::stable_sort(unknown.begin(), unknown.end(), [](const std::string& a, const std::string& b) {
    int ga = Group(a), gb = Group(b);
    if (ga != gb) return ga < gb;
    return ga == 1 && a < b;
  });
  for (const std::string& path : unknown) {
    if (out.strict_errors.size() >= 100) break;
    // Upstream formats these with "%s" inside quotes, not %q.
    out.strict_errors.push_back("unknown field \"" + path + "\"");
  }
  return out;
}

}  // namespace ekslite::schema
