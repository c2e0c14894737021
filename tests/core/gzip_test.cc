#include "core/http/gzip.h"

#include <gtest/gtest.h>

#include <boost/beast/zlib/inflate_stream.hpp>
#include <boost/crc.hpp>
#include <string>

namespace ekslite::http {
namespace {

uint32_t LittleEndian32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

std::string Inflate(std::string_view deflated, size_t size) {
  namespace zlib = boost::beast::zlib;
  zlib::inflate_stream inflate;
  inflate.reset(15);
  std::string out(size + 1, '\0');
  zlib::z_params params;
  params.next_in = deflated.data();
  params.avail_in = deflated.size();
  params.next_out = out.data();
  params.avail_out = out.size();
  boost::beast::error_code ec;
  inflate.write(params, zlib::Flush::finish, ec);
  out.resize(params.total_out);
  return out;
}

TEST(GzipTest, RoundTripsWithHeaderCrcAndLength) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"openapi\":\"3.0.0\",\"i\":" + std::to_string(i) + "}";
  std::string gz = Gzip(text);
  ASSERT_GT(gz.size(), 18u);
  EXPECT_LT(gz.size(), text.size() / 4);
  EXPECT_EQ(gz.substr(0, 3), std::string("\x1f\x8b\x08", 3));
  boost::crc_32_type crc;
  crc.process_bytes(text.data(), text.size());
  EXPECT_EQ(LittleEndian32(gz, gz.size() - 8), crc.checksum());
  EXPECT_EQ(LittleEndian32(gz, gz.size() - 4), text.size());
  EXPECT_EQ(Inflate(std::string_view(gz).substr(10, gz.size() - 18), text.size()), text);
}

TEST(GzipTest, EmptyInput) {
  std::string gz = Gzip("");
  EXPECT_EQ(LittleEndian32(gz, gz.size() - 4), 0u);
  EXPECT_EQ(Inflate(std::string_view(gz).substr(10, gz.size() - 18), 0), "");
}

TEST(GzipTest, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip(""));
}

}  // namespace
}  // namespace ekslite::http
