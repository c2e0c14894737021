// Repeated mapping keys in YAML request bodies, as Go's strict YAML decoding
// reports them.
//
// Upstream converts YAML bodies (create and update with application/yaml,
// apply configurations) to JSON with a lenient decoder, where a repeated key
// silently keeps its last value, and, when the fieldValidation directive is
// Strict or Warn, decodes the text once more with the strict decoder only to
// collect the repetitions. That decoder names each one by the line of the
// repeated key's value and the key as Go's %#v prints it:
//   yaml: unmarshal errors:
//     line 5: key "name" already set in map
//     line 12: key "paused" already set in map
// Keys are compared after YAML 1.1 resolution, so `1` and `"1"` differ while
// `a` and `"a"` are the same key. Pure function; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_OBJECT_CHECK_YAML_H_
#define EKSLITE_CORE_SCHEMA_OBJECT_CHECK_YAML_H_

#include <string>
#include <string_view>

namespace ekslite::schema {

// "" when no mapping of `yaml` (one document) repeats a key, otherwise the
// strict decoder's error: "yaml: unmarshal errors:\n  line N: key ... already
// set in map" with one line per repetition, inner mappings before the key
// holding them, as Go decodes. Text that is not well-formed YAML gives "" (the
// conversion to JSON reports it). Nesting beyond 100 levels is not searched.
std::string YamlDuplicateKeyError(std::string_view yaml);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_OBJECT_CHECK_YAML_H_
