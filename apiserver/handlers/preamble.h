// What handlers of one kind all start with: negotiating the output and
// decoding the query.
#ifndef EKSLITE_APISERVER_HANDLERS_PREAMBLE_H_
#define EKSLITE_APISERVER_HANDLERS_PREAMBLE_H_

#include "apiserver/handlers/output.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/handlers/selection.h"

namespace ekslite::apiserver {

struct WritePreamble {
  Output output;
  WriteOptions options;
};

// For create, update and patch: the output format and the write options.
StatusOr<WritePreamble> BeginWrite(const RequestScope& scope);

struct CollectionPreamble {
  Output output;
  Selection selection;
  ResourceCache* cache = nullptr;
};

// For list and watch: the output format, the selection and the cache.
StatusOr<CollectionPreamble> BeginCollectionRead(const RequestScope& scope);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_PREAMBLE_H_
