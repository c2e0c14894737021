#include "core/http/gzip.h"

#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>
#include <cstdint>

namespace ekslite::http {
namespace {

void AppendLittleEndian32(uint32_t value, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Gzip(std::string_view data) {
  namespace zlib = boost::beast::zlib;
  // Header: magic, deflate, no flags, no time, no extra flags, OS unknown.
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  zlib::deflate_stream deflate;
  deflate.reset(6, 15, 8, zlib::Strategy::normal);
  size_t header = out.size();
  out.resize(header + deflate.upper_bound(data.size()) + 16);
  zlib::z_params params;
  params.next_in = data.data();
  params.avail_in = data.size();
  params.next_out = out.data() + header;
  params.avail_out = out.size() - header;
  boost::beast::error_code ec;
  // The output has room for the worst case, so finishing takes one call
  // (ec is end_of_stream then).
  deflate.write(params, zlib::Flush::finish, ec);
  out.resize(header + params.total_out);
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  AppendLittleEndian32(crc.checksum(), &out);
  AppendLittleEndian32(static_cast<uint32_t>(data.size()), &out);
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view q = Trim(item.substr(semi + 1));
    if (q.starts_with("q=")) q.remove_prefix(2);
    return !(q == "0" || q == "0.0" || q == "0.00" || q == "0.000");
  }
  return false;
}

}  // namespace ekslite::http
