// WireReader: bounds-checked reading of the protobuf wire format (varints,
// fixed-width values, length-delimited payloads) from untrusted bytes.
#ifndef EKSLITE_CORE_PROTOBUF_WIRE_READER_H_
#define EKSLITE_CORE_PROTOBUF_WIRE_READER_H_

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace ekslite::protobuf {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,  // deprecated groups: rejected
  kEndGroup = 4,
  kFixed32 = 5,
};

// One field's key and value. For kLengthDelimited, `bytes` views the payload
// inside the reader's input; for the numeric wire types `number_value` holds
// the raw bits.
struct WireField {
  int number = 0;
  WireType wire_type = WireType::kVarint;
  uint64_t number_value = 0;
  std::string_view bytes;
};

// Reads the fields of one message in order. The input must outlive the
// reader and every WireField it returns. Not thread-safe.
class WireReader {
 public:
  explicit WireReader(std::string_view input) : input_(input) {}

  bool AtEnd() const { return pos_ >= input_.size(); }
  // Reads the next field. kBadRequest for a truncated or malformed field,
  // field number 0 or above 2^29-1, or a group wire type.
  StatusOr<WireField> Next();

  // Decodes the whole of `bytes` as packed varints into `out`, calling
  // `out(uint64_t)` per value. kBadRequest when malformed.
  template <typename F>
  static Status ForEachPackedVarint(std::string_view bytes, F out) {
    WireReader r(bytes);
    while (!r.AtEnd()) {
      uint64_t v = 0;
      EKS_RETURN_IF_ERROR(r.ReadVarint(&v));
      out(v);
    }
    return Status::Ok();
  }
  // Decodes `bytes` as packed 8-byte little-endian values.
  template <typename F>
  static Status ForEachPackedFixed64(std::string_view bytes, F out) {
    if (bytes.size() % 8 != 0) return Status::BadRequest("protobuf: truncated packed fixed64");
    for (size_t i = 0; i < bytes.size(); i += 8) out(LoadFixed64(bytes.substr(i, 8)));
    return Status::Ok();
  }

  // The little-endian value of exactly 8 bytes.
  static uint64_t LoadFixed64(std::string_view eight);

 private:
  Status ReadVarint(uint64_t* value);

  std::string_view input_;
  size_t pos_ = 0;
};

}  // namespace ekslite::protobuf

#endif  // EKSLITE_CORE_PROTOBUF_WIRE_READER_H_
