// Table output (meta.k8s.io/v1 Table): what `kubectl get` prints. The server
// formats the cells; columns with priority 1 appear only with -o wide.
#ifndef EKSLITE_APISERVER_TABLE_TABLE_H_
#define EKSLITE_APISERVER_TABLE_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "apiserver/cache/cached_object.h"
#include "apiserver/resources/resource.h"
#include "core/clock.h"
#include "core/json.h"

namespace ekslite::apiserver {

// What each row carries besides its cells (?includeObject=).
enum class IncludeObject { kMetadata, kObject, kNone };

struct TableOptions {
  IncludeObject include = IncludeObject::kMetadata;
  bool headers = true;  // watch events after the first omit columnDefinitions
  std::string resource_version;
  std::string continue_token;
  int64_t remaining = -1;
};

// Converts served objects (JSON text, already in the served version) to a
// Table. Objects that fail to parse are skipped.
std::string BuildTable(const ResourceInfo& info, const std::vector<std::string_view>& objects,
                       const TableOptions& options, Clock::time_point now);

// The Name column every table starts with.
PrinterColumn NameColumn();
// An "Age" column (type string, the human age).
PrinterColumn AgeColumn();

// Upstream's human duration: "45s", "3m20s", "5h", "12d", "2y".
std::string HumanDuration(Clock::duration d);
// The age of `object` (from metadata.creationTimestamp) at `now`; "<unknown>"
// when it has none.
std::string AgeOf(const JsonValue& object, Clock::time_point now);
// The human age of an RFC 3339 timestamp, "<unknown>" when absent or bad.
std::string AgeSince(std::string_view timestamp, Clock::time_point now);

// Cell helpers: a JSON string or number cell.
std::string StringCell(std::string_view s);
std::string IntCell(int64_t v);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_TABLE_H_
