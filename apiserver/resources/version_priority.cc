#include "apiserver/resources/version_priority.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <tuple>

namespace ekslite::apiserver {
namespace {

// (stability rank, major, minor) of a Kubernetes version name, or nullopt
// when it does not look like one. GA ranks 3, beta 2, alpha 1.
std::optional<std::tuple<int, int64_t, int64_t>> ParseKubeVersion(std::string_view v) {
  if (v.size() < 2 || v[0] != 'v' || !std::isdigit(static_cast<unsigned char>(v[1]))) {
    return std::nullopt;
  }
  size_t i = 1;
  int64_t major = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    major = major * 10 + (v[i++] - '0');
    if (major > 1000000) return std::nullopt;
  }
  if (i == v.size()) return std::make_tuple(3, major, int64_t{0});
  int rank = 0;
  std::string_view rest = v.substr(i);
  if (rest.starts_with("beta")) {
    rank = 2;
    rest.remove_prefix(4);
  } else if (rest.starts_with("alpha")) {
    rank = 1;
    rest.remove_prefix(5);
  } else {
    return std::nullopt;
  }
  if (rest.empty()) return std::nullopt;
  int64_t minor = 0;
  for (char c : rest) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    minor = minor * 10 + (c - '0');
    if (minor > 1000000) return std::nullopt;
  }
  return std::make_tuple(rank, major, minor);
}

}  // namespace

bool VersionPriorityLess(std::string_view a, std::string_view b) {
  auto pa = ParseKubeVersion(a), pb = ParseKubeVersion(b);
  if (pa && pb) {
    auto [ra, ma, na] = *pa;
    auto [rb, mb, nb] = *pb;
    if (ra != rb) return ra > rb;
    if (ma != mb) return ma > mb;
    return na > nb;
  }
  if (pa || pb) return pa.has_value();
  return a < b;
}

}  // namespace ekslite::apiserver
