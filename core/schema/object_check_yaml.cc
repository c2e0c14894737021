#include "core/schema/object_check_yaml.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <unordered_set>
#include <vector>

#include "core/api/go_format.h"
#include "core/schema/value_render.h"

namespace ekslite::schema {
namespace {

constexpr int kMaxDepth = 100;

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s == w) return true;
  }
  return false;
}

// A YAML 1.1 integer as the Go decoder resolves it (sign, 0b/0x/0 prefixes,
// underscores); false when `s` is not one or overflows int64.
bool ResolveInt(std::string_view s, int64_t* out) {
  std::string digits;
  for (char c : s) {
    if (c != '_') digits.push_back(c);
  }
  bool negative = !digits.empty() && (digits[0] == '-' || digits[0] == '+');
  negative = negative && digits[0] == '-';
  std::string_view d = digits;
  if (!d.empty() && (d[0] == '-' || d[0] == '+')) d.remove_prefix(1);
  int base = 10;
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'b')) {
    base = d[1] == 'x' ? 16 : 2;
    d.remove_prefix(2);
  } else if (d.size() > 1 && d[0] == '0') {
    base = 8;
    d.remove_prefix(1);
  }
  if (d.empty()) return false;
  uint64_t v = 0;
  auto r = std::from_chars(d.data(), d.data() + d.size(), v, base);
  if (r.ec != std::errc() || r.ptr != d.data() + d.size()) return false;
  if (v > (negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return false;
  *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

// A YAML 1.1 float ("1.5", "-2e3", ".5", ".inf", ".nan").
bool ResolveFloat(std::string_view s, double* out) {
  if (IsOneOf(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) return *out = HUGE_VAL, true;
  if (IsOneOf(s, {"-.inf", "-.Inf", "-.INF"})) return *out = -HUGE_VAL, true;
  if (IsOneOf(s, {".nan", ".NaN", ".NAN"})) return *out = NAN, true;
  if (s.empty() || s.find_first_of("0123456789") == std::string_view::npos) return false;
  if (s.find_first_not_of("0123456789+-.eE_") != std::string_view::npos) return false;
  std::string text(s);
  std::erase(text, '_');
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// A mapping key: how it compares (`identity`) and how %#v prints it.
struct Key {
  std::string identity;
  std::string printed;
};

Key ResolveKey(const YAML::Node& key) {
  const std::string& s = key.Scalar();
  if (key.Tag() == "!" || key.Tag() == "tag:yaml.org,2002:str") return {"s" + s, api::GoQuote(s)};
  if (IsOneOf(s, {"", "~", "null", "Null", "NULL"})) return {"n", "<nil>"};
  if (IsOneOf(s, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})) {
    return {"b1", "true"};
  }
  if (IsOneOf(s, {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})) {
    return {"b0", "false"};
  }
  int64_t i = 0;
  if (ResolveInt(s, &i)) return {"i" + std::to_string(i), std::to_string(i)};
  double f = 0;
  if (ResolveFloat(s, &f)) {
    std::string printed = GoFloat(f);
    return {"f" + printed, printed};
  }
  return {"s" + s, api::GoQuote(s)};
}

int LineOf(const YAML::Node& value, const YAML::Node& key) {
  int line = value.Mark().line;
  if (line < 0) line = key.Mark().line;
  return line + 1;
}

// Appends the repetitions under `node` in the order Go's decoder meets them:
// each value is decoded (and its own repetitions found) before its key is
// stored.
void Collect(const YAML::Node& node, int depth, std::vector<std::string>* out) {
  if (depth > kMaxDepth) return;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) Collect(item, depth + 1, out);
    return;
  }
  if (!node.IsMap()) return;
  std::unordered_set<std::string> seen;
  for (const auto& kv : node) {
    Collect(kv.second, depth + 1, out);
    if (!kv.first.IsScalar()) continue;
    Key key = ResolveKey(kv.first);
    if (!seen.insert(key.identity).second) {
      out->push_back("line " + std::to_string(LineOf(kv.second, kv.first)) + ": key " +
                     key.printed + " already set in map");
    }
  }
}

}  // namespace

std::string YamlDuplicateKeyError(std::string_view yaml) {
  std::vector<std::string> lines;
  try {
    Collect(YAML::Load(std::string(yaml)), 0, &lines);
  } catch (const YAML::Exception&) {
    return "";
  }
  if (lines.empty()) return "";
  std::string out = "yaml: unmarshal errors:";
  for (const std::string& l : lines) out.append("\n  ").append(l);
  return out;
}

}  // namespace ekslite::schema
