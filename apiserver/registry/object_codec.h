// How objects are kept in storage: compact JSON with kind, apiVersion and
// metadata first and metadata fields in upstream's order, but without
// metadata.resourceVersion. The resourceVersion is the store revision of the
// write; it is spliced into the text when the object is served, so serving
// never re-serialises.
#ifndef EKSLITE_APISERVER_REGISTRY_OBJECT_CODEC_H_
#define EKSLITE_APISERVER_REGISTRY_OBJECT_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"

namespace ekslite::apiserver {

// Serialises `object` (a JSON object) for storage. Reorders `object` in place:
// kind, apiVersion, metadata first; metadata members in upstream's order;
// metadata.resourceVersion removed.
std::string EncodeForStorage(Json& object);

// Returns the stored text `stored` with metadata.resourceVersion set to
// `revision`. `stored` must come from EncodeForStorage.
std::string WithResourceVersion(std::string_view stored, int64_t revision);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_OBJECT_CODEC_H_
