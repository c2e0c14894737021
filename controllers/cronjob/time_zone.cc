#include "controllers/cronjob/time_zone.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace ekslite::controllers::cronjob {
namespace {

int64_t BigEndian(const std::string& data, size_t at, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

struct Header {
  int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

Header ReadHeader(const std::string& data, size_t at) {
  Header h;
  h.isut = BigEndian(data, at + 20, 4);
  h.isstd = BigEndian(data, at + 24, 4);
  h.leap = BigEndian(data, at + 28, 4);
  h.time = BigEndian(data, at + 32, 4);
  h.type = BigEndian(data, at + 36, 4);
  h.chars = BigEndian(data, at + 40, 4);
  return h;
}

// Bytes of a data block whose transition times take `time_size` bytes.
size_t BlockSize(const Header& h, size_t time_size) {
  return static_cast<size_t>(h.time) * (time_size + 1) + static_cast<size_t>(h.type) * 6 +
         static_cast<size_t>(h.chars) + static_cast<size_t>(h.leap) * (time_size + 4) +
         static_cast<size_t>(h.isstd + h.isut);
}

}  // namespace

StatusOr<TimeZone> TimeZone::Load(std::string_view name, std::string_view dir) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return TimeZone();
  if (name.find("..") != std::string_view::npos || name.front() == '/') {
    return Status::Invalid("invalid time zone name: " + std::string(name));
  }
  std::ifstream in(std::string(dir) + "/" + std::string(name), std::ios::binary);
  if (!in) return Status::NotFound("unknown time zone " + std::string(name));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) {
    return Status::Invalid("not a TZif file: " + std::string(name));
  }
  Header h = ReadHeader(data, 0);
  size_t at = 44;
  size_t time_size = 4;
  if (data[4] >= '2') {  // skip the 32-bit block: the 64-bit one follows
    at += BlockSize(h, 4);
    if (data.size() < at + 44) return Status::Invalid("truncated TZif file: " + std::string(name));
    h = ReadHeader(data, at);
    at += 44;
    time_size = 8;
  }
  if (data.size() < at + BlockSize(h, time_size) || h.type <= 0) {
    return Status::Invalid("truncated TZif file: " + std::string(name));
  }
  TimeZone tz;
  size_t types_at = at + static_cast<size_t>(h.time) * time_size;
  size_t infos_at = types_at + static_cast<size_t>(h.time);
  auto offset_of = [&](int64_t type) {
    return static_cast<int32_t>(BigEndian(data, infos_at + static_cast<size_t>(type) * 6, 4));
  };
  for (int64_t i = 0; i < h.time; ++i) {
    tz.transitions_.push_back(BigEndian(data, at + static_cast<size_t>(i) * time_size, time_size));
    int64_t type = static_cast<unsigned char>(data[types_at + static_cast<size_t>(i)]);
    tz.offsets_.push_back(type < h.type ? offset_of(type) : 0);
  }
  tz.initial_ = offset_of(0);
  return tz;
}

std::chrono::seconds TimeZone::OffsetAt(Clock::time_point utc) const {
  int64_t t = std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()).count();
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  if (it == transitions_.begin()) return std::chrono::seconds(initial_);
  return std::chrono::seconds(offsets_[static_cast<size_t>(it - transitions_.begin() - 1)]);
}

}  // namespace ekslite::controllers::cronjob
