// A tiny protobuf writer for building hand-checked test bodies.
#ifndef EKSLITE_TESTS_CORE_PROTOBUF_PROTO_BUILDER_H_
#define EKSLITE_TESTS_CORE_PROTOBUF_PROTO_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ekslite::testing {

// Appends fields in wire format; each method returns *this for chaining.
class Proto {
 public:
  Proto& Varint(int number, uint64_t value) {
    Key(number, 0);
    RawVarint(value);
    return *this;
  }
  Proto& Bytes(int number, std::string_view value) {
    Key(number, 2);
    RawVarint(value.size());
    out_.append(value);
    return *this;
  }
  Proto& Message(int number, const Proto& message) { return Bytes(number, message.str()); }
  const std::string& str() const { return out_; }

 private:
  void Key(int number, int wire_type) {
    RawVarint((static_cast<uint64_t>(number) << 3) | wire_type);
  }
  void RawVarint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  std::string out_;
};

// "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
inline std::string Envelope(std::string_view api_version, std::string_view kind, const Proto& raw) {
  Proto type_meta;
  type_meta.Bytes(1, api_version).Bytes(2, kind);
  Proto unknown;
  unknown.Message(1, type_meta).Bytes(2, raw.str());
  return std::string("k8s\0", 4) + unknown.str();
}

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_CORE_PROTOBUF_PROTO_BUILDER_H_
