#include "core/protobuf/wire_reader.h"

#include <string>

namespace ekslite::protobuf {

uint64_t WireReader::LoadFixed64(std::string_view eight) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(eight[i]);
  return v;
}

Status WireReader::ReadVarint(uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= input_.size()) return Status::BadRequest("protobuf: truncated varint");
    uint8_t byte = static_cast<uint8_t>(input_[pos_++]);
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && byte > 1) return Status::BadRequest("protobuf: varint overflows 64 bits");
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      *value = result;
      return Status::Ok();
    }
  }
  return Status::BadRequest("protobuf: varint longer than 10 bytes");
}

StatusOr<WireField> WireReader::Next() {
  uint64_t key = 0;
  EKS_RETURN_IF_ERROR(ReadVarint(&key));
  WireField field;
  uint64_t number = key >> 3;
  if (number == 0 || number > 536870911) {
    return Status::BadRequest("protobuf: invalid field number " + std::to_string(number));
  }
  field.number = static_cast<int>(number);
  field.wire_type = static_cast<WireType>(key & 7);
  switch (field.wire_type) {
    case WireType::kVarint:
      EKS_RETURN_IF_ERROR(ReadVarint(&field.number_value));
      return field;
    case WireType::kFixed64:
      if (input_.size() - pos_ < 8) return Status::BadRequest("protobuf: truncated fixed64");
      field.number_value = LoadFixed64(input_.substr(pos_, 8));
      pos_ += 8;
      return field;
    case WireType::kFixed32: {
      if (input_.size() - pos_ < 4) return Status::BadRequest("protobuf: truncated fixed32");
      uint64_t v = 0;
      for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(input_[pos_ + i]);
      field.number_value = v;
      pos_ += 4;
      return field;
    }
    case WireType::kLengthDelimited: {
      uint64_t length = 0;
      EKS_RETURN_IF_ERROR(ReadVarint(&length));
      if (length > input_.size() - pos_) {
        return Status::BadRequest("protobuf: field " + std::to_string(field.number) +
                                  " is longer than its message");
      }
      field.bytes = input_.substr(pos_, length);
      pos_ += length;
      return field;
    }
    default:
      return Status::BadRequest("protobuf: unsupported wire type " +
                                std::to_string(static_cast<int>(key & 7)) + " (field " +
                                std::to_string(field.number) + ")");
  }
}

}  // namespace ekslite::protobuf
