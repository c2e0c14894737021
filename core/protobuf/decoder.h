// Decoding of Kubernetes protobuf request bodies into the JSON of the same
// object, driven by the API schema (DESIGN.md decision 1). client-go's typed
// clients (and so helm and `kubectl create <kind>`) send POST/PUT bodies and
// DeleteOptions as protobuf with no JSON fallback.
//
// The JSON is what the Go apiserver would produce from the decoded Go struct:
// non-pointer scalars that decode to their zero value are dropped (Go always
// encodes them, so zero means unset), pointer scalars are kept even when zero
// (`replicas: 0`), nested messages are kept (as {} when empty) except a zero
// metav1.Time, which is dropped (null inside maps). Unknown field numbers are
// skipped. Input is untrusted: every read is bounds-checked and nesting is
// limited.
#ifndef EKSLITE_CORE_PROTOBUF_DECODER_H_
#define EKSLITE_CORE_PROTOBUF_DECODER_H_

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::protobuf {

// The "k8s\0" prefix of a Kubernetes protobuf body.
inline constexpr std::string_view kMagic{"k8s\0", 4};

// The runtime.Unknown envelope that follows the magic.
struct Envelope {
  std::string api_version;  // typeMeta.apiVersion, e.g. "apps/v1" ("" when absent)
  std::string kind;         // typeMeta.kind ("" when absent)
  std::string_view raw;     // the object's message bytes; views into the body
  std::string content_encoding;
  std::string content_type;
};

// Splits a body into its envelope. kBadRequest when the magic is missing or
// the envelope is malformed. `body` must outlive the result.
StatusOr<Envelope> ParseEnvelope(std::string_view body);

// Decodes a Kubernetes protobuf body ("k8s\0" + runtime.Unknown) into the JSON
// the same object has, with "kind" and "apiVersion" set from the envelope.
// Kinds not found under their own group-version are looked up under
// meta.k8s.io/v1 (DeleteOptions, Status and the other options kinds travel
// with the apiVersion of whatever group the client talks to).
// kUnsupportedMediaType when the kind is not in the schema or the envelope
// carries a content encoding; kBadRequest for malformed bytes or a missing kind.
StatusOr<Json> DecodeObject(const schema::Schema& schema, std::string_view body);

// Decodes the bytes of one message (no envelope) into a JSON object.
// kNotFound when `message_name` is not in the schema; kBadRequest for
// malformed bytes.
StatusOr<Json> DecodeMessage(const schema::Schema& schema, std::string_view message_name,
                             std::string_view bytes);

}  // namespace ekslite::protobuf

#endif  // EKSLITE_CORE_PROTOBUF_DECODER_H_
