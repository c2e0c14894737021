// Selection: which objects a list or watch wants — the namespace, the label
// selector and the field selector of the query — as a cache prefix and filter.
#ifndef EKSLITE_APISERVER_HANDLERS_SELECTION_H_
#define EKSLITE_APISERVER_HANDLERS_SELECTION_H_

#include <string>

#include "apiserver/cache/cache_watcher.h"
#include "apiserver/handlers/scope.h"

namespace ekslite::apiserver {

struct Selection {
  std::string prefix;   // the resource's key prefix, or one namespace's
  ObjectFilter filter;  // null when every object under the prefix matches
};

// Parses labelSelector and fieldSelector. kBadRequest with upstream's messages
// for malformed selectors and unsupported field labels.
StatusOr<Selection> SelectionFor(const RequestScope& scope);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_SELECTION_H_
