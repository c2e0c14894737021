#include "core/yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace ekslite {
namespace {

constexpr int kMaxDepth = 100;

bool IsOneOf(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (s == w) return true;
  }
  return false;
}

// The JSON value a plain (unquoted) scalar denotes.
JsonValue PlainScalar(const std::string& s, JsonAllocator& a) {
  if (s.empty() || IsOneOf(s, {"~", "null", "Null", "NULL"}))
    return JsonValue(rapidjson::kNullType);
  if (IsOneOf(s, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})) {
    return JsonValue(true);
  }
  if (IsOneOf(s, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})) {
    return JsonValue(false);
  }
  const char* begin = s.c_str();
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(begin, &end, 0);
  bool octal_like = s.size() > 1 && s[0] == '0' && std::isdigit(static_cast<unsigned char>(s[1]));
  if (errno == 0 && *end == '\0' && !octal_like) return JsonValue(static_cast<int64_t>(i));
  errno = 0;
  double d = std::strtod(begin, &end);
  bool numeric = s.find_first_of("0123456789") != std::string::npos;
  if (errno == 0 && *end == '\0' && numeric && std::isfinite(d) &&
      s.find_first_of("xXpP") == std::string::npos) {
    return JsonValue(d);
  }
  return JsonValue(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

Status Convert(const YAML::Node& node, JsonValue* out, JsonAllocator& a, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("yaml: document nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out->SetNull();
      return Status::Ok();
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      // "!" marks a quoted (non-plain) scalar: always a string.
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") {
        out->SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
      } else {
        *out = PlainScalar(s, a);
      }
      return Status::Ok();
    }
    case YAML::NodeType::Sequence:
      out->SetArray();
      for (const YAML::Node& item : node) {
        JsonValue v;
        EKS_RETURN_IF_ERROR(Convert(item, &v, a, depth + 1));
        out->PushBack(std::move(v), a);
      }
      return Status::Ok();
    case YAML::NodeType::Map:
      out->SetObject();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) return Status::BadRequest("yaml: mapping keys must be strings");
        JsonValue v;
        EKS_RETURN_IF_ERROR(Convert(kv.second, &v, a, depth + 1));
        SetMember(*out, kv.first.Scalar(), std::move(v), a);
      }
      return Status::Ok();
  }
  return Status::BadRequest("yaml: unsupported node");
}

}  // namespace

StatusOr<Json> YamlToJson(std::string_view yaml) {
  Json doc;
  try {
    YAML::Node node = YAML::Load(std::string(yaml));
    EKS_RETURN_IF_ERROR(Convert(node, &doc, doc.GetAllocator(), 0));
  } catch (const YAML::Exception& e) {
    return Status::BadRequest(std::string("error converting YAML to JSON: yaml: ") + e.what());
  }
  return doc;
}

}  // namespace ekslite
