#include "core/protobuf/wire_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace ekslite::protobuf {
namespace {

TEST(WireReaderTest, ReadsEachWireType) {
  // 1: varint 300; 2: "hi"; 3: fixed64 1; 4: fixed32 2.
  std::string in("\x08\xac\x02\x12\x02hi\x19\x01\0\0\0\0\0\0\0\x25\x02\0\0\0", 21);
  WireReader r(in);
  auto f = r.Next();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->number, 1);
  EXPECT_EQ(f->number_value, 300u);
  f = r.Next();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->wire_type, WireType::kLengthDelimited);
  EXPECT_EQ(f->bytes, "hi");
  f = r.Next();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->number_value, 1u);
  f = r.Next();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->number_value, 2u);
  EXPECT_TRUE(r.AtEnd());
}

TEST(WireReaderTest, RejectsMalformedInput) {
  const std::string bad[] = {
      std::string("\x08", 1),                                           // varint value missing
      std::string("\x08\x80", 2),                                       // truncated varint
      std::string("\x12\x05hi", 4),                                     // length past the end
      std::string("\x12\xff\xff\xff\xff\x0f", 6),                       // huge length
      std::string("\x00\x01", 2),                                       // field number 0
      std::string("\x0b", 1),                                           // start group
      std::string("\x0e", 1),                                           // wire type 6
      std::string("\x19\x01\x02", 3),                                   // truncated fixed64
      std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11),  // varint overflow
  };
  for (const std::string& in : bad) {
    WireReader r(in);
    auto f = r.Next();
    EXPECT_FALSE(f.ok()) << testing::PrintToString(in);
    if (!f.ok()) {
      EXPECT_EQ(f.status().code(), Code::kBadRequest);
    }
  }
}

TEST(WireReaderTest, DecodesPackedVarints) {
  std::vector<uint64_t> out;
  ASSERT_TRUE(WireReader::ForEachPackedVarint(std::string("\x01\xac\x02", 3), [&](uint64_t v) {
                out.push_back(v);
              }).ok());
  EXPECT_EQ(out, (std::vector<uint64_t>{1, 300}));
  EXPECT_FALSE(WireReader::ForEachPackedVarint("\x80", [](uint64_t) {}).ok());
}

}  // namespace
}  // namespace ekslite::protobuf
