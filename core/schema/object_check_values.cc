#include "core/schema/object_check_values.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace ekslite::schema {
namespace {

constexpr std::string_view kQuantityFormat =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kQuantityNumeric = "unable to parse numeric part of quantity";
constexpr std::string_view kQuantitySuffix = "unable to parse quantity's suffix";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The last package segment of a dotted full name: "v1" for
// "io.k8s.api.core.v1.Container".
std::string_view GoPackage(std::string_view full_name) {
  size_t last = full_name.rfind('.');
  if (last == std::string_view::npos) return {};
  size_t prev = full_name.rfind('.', last - 1);
  return full_name.substr(prev + 1, last - prev - 1);
}

// The exponent a quantity suffix stands for (base 10 or 2); false for an
// unknown suffix (quantitySuffixer.interpret).
bool InterpretSuffix(std::string_view suffix, int* base, int64_t* exponent) {
  static constexpr std::pair<std::string_view, int> kDecimal[] = {
      {"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
      {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr std::pair<std::string_view, int> kBinary[] = {
      {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (const auto& [s, e] : kDecimal) {
    if (s == suffix) return *base = 10, *exponent = e, true;
  }
  for (const auto& [s, e] : kBinary) {
    if (s == suffix) return *base = 2, *exponent = e, true;
  }
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
  std::string_view digits = suffix.substr(1);
  if (digits[0] == '+') digits.remove_prefix(1);  // strconv.ParseInt takes a sign
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), *exponent);
  *base = 10;
  *exponent = static_cast<int32_t>(*exponent);  // upstream truncates to int32
  return r.ec == std::errc() && r.ptr == digits.data() + digits.size() && !digits.empty();
}

// Whether ParseQuantity leaves its fast path for the big-decimal one, where a
// numeric part without digits fails.
bool NeedsSlowPath(int base, int64_t exponent, size_t num_len, size_t denom_len) {
  int64_t precision;
  int64_t scale = 0;
  if (base == 10) {
    scale = exponent;
    precision = 18 - static_cast<int64_t>(num_len + denom_len);
  } else if (exponent >= 0 && denom_len == 0) {
    precision = 15 - static_cast<int64_t>(num_len) -
                static_cast<int64_t>(static_cast<float>(exponent) * 3 / 10) - 1;
  } else {
    precision = -1;
  }
  return precision < 0 || scale - static_cast<int64_t>(denom_len) < -9;
}

std::string_view SourceKind(const JsonValue& v) {
  if (v.IsString()) return "string";
  if (v.IsBool()) return "bool";
  if (v.IsInt64()) return "int64";
  if (v.IsNumber()) return "float64";
  if (v.IsArray()) return "slice";
  return "map";
}

}  // namespace

std::string_view GoStructName(const Message& message) {
  size_t dot = message.name.rfind('.');
  return std::string_view(message.name).substr(dot == std::string::npos ? 0 : dot + 1);
}

std::string GoElementType(const Field& field) {
  switch (field.type) {
    case Type::kString:
      return "string";
    case Type::kBool:
      return "bool";
    case Type::kInt32:
      return "int32";
    case Type::kInt64:
      return "int64";
    case Type::kDouble:
      return "float64";
    case Type::kBytes:
      return "[]uint8";
    case Type::kQuantity:
      return "resource.Quantity";
    case Type::kTime:
      return "v1.Time";
    case Type::kMicroTime:
      return "v1.MicroTime";
    case Type::kDuration:
      return "v1.Duration";
    case Type::kIntOrString:
      return "intstr.IntOrString";
    case Type::kRawExtension:
      return "runtime.RawExtension";
    case Type::kFieldsV1:
      return "v1.FieldsV1";
    case Type::kJson:
      return "v1.JSON";
    case Type::kMessage:
      break;
  }
  return std::string(GoPackage(field.message)) + "." +
         std::string(GoStructName(*field.message_type));
}

std::string GoFieldType(const Field& field) {
  switch (field.cardinality) {
    case Cardinality::kList:
      return "[]" + GoElementType(field);
    case Cardinality::kMap:
      return "map[string]" + GoElementType(field);
    case Cardinality::kSingle:
      break;
  }
  return GoElementType(field);
}

std::string_view JsonKindWord(const JsonValue& value) {
  if (value.IsString()) return "string";
  if (value.IsNumber()) return "number";
  if (value.IsBool()) return "bool";
  if (value.IsArray()) return "array";
  if (value.IsObject()) return "object";
  return "null";
}

std::string NumberLiteral(const JsonValue& number) {
  if (number.IsInt64()) return std::to_string(number.GetInt64());
  if (number.IsUint64()) return std::to_string(number.GetUint64());
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), number.GetDouble());
  std::string out(buf, r.ptr);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

bool IsIntegerIn(const JsonValue& number, int64_t min, int64_t max) {
  return number.IsInt64() && number.GetInt64() >= min && number.GetInt64() <= max;
}

std::string_view QuantityError(std::string_view str) {
  if (str.empty()) return kQuantityFormat;
  size_t pos = (str[0] == '-' || str[0] == '+') ? 1 : 0;
  while (pos < str.size() && str[pos] == '0') ++pos;
  if (pos >= str.size()) return {};  // only zeros
  size_t num_start = pos;
  while (pos < str.size() && IsDigit(str[pos])) ++pos;
  size_t num_len = pos - num_start;
  if (pos >= str.size()) return {};
  size_t denom_len = 0;
  if (str[pos] == '.') {
    size_t denom_start = ++pos;
    while (pos < str.size() && IsDigit(str[pos])) ++pos;
    if (pos >= str.size()) return {};
    denom_len = pos - denom_start;
  }
  std::string_view value = str.substr(0, pos);
  size_t suffix_start = pos;
  while (pos < str.size() && std::string_view("eEinumkKMGTP").find(str[pos]) != str.npos) ++pos;
  if (pos < str.size() && (str[pos] == '-' || str[pos] == '+')) ++pos;
  for (; pos < str.size(); ++pos) {
    if (!IsDigit(str[pos])) return kQuantityFormat;
  }
  int base = 10;
  int64_t exponent = 0;
  if (!InterpretSuffix(str.substr(suffix_start), &base, &exponent)) return kQuantitySuffix;
  if (NeedsSlowPath(base, exponent, num_len == 0 ? 1 : num_len, denom_len) &&
      value.find_first_of("0123456789") == std::string_view::npos) {
    return kQuantityNumeric;
  }
  return {};
}

std::string Base64Error(std::string_view src) {
  auto corrupt = [](size_t at) { return "illegal base64 data at input byte " + std::to_string(at); };
  auto is_newline = [&](size_t i) { return src[i] == '\n' || src[i] == '\r'; };
  auto is_alphabet = [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(static_cast<char>(c)) ||
           c == '+' || c == '/';
  };
  size_t si = 0;
  while (si < src.size()) {
    for (int j = 0; j < 4; ++j) {  // one quantum, as decodeQuantum reads it
      if (si == src.size()) return j == 0 ? "" : corrupt(si - static_cast<size_t>(j));
      unsigned char in = static_cast<unsigned char>(src[si++]);
      if (is_alphabet(in)) continue;
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=' || j < 2) return corrupt(si - 1);
      if (j == 2) {  // "==" expected
        while (si < src.size() && is_newline(si)) ++si;
        if (si == src.size()) return corrupt(src.size());
        if (src[si] != '=') return corrupt(si - 1);
        ++si;
      }
      while (si < src.size() && is_newline(si)) ++si;
      return si < src.size() ? corrupt(si) : "";
    }
  }
  return "";
}

std::string ConverterTypeError(const Field& field, bool whole, const JsonValue& value) {
  if (value.IsNull()) return "";
  std::string_view kind = SourceKind(value);
  if (whole && field.cardinality == Cardinality::kList) {
    return value.IsArray() ? "" : "cannot restore slice from " + std::string(kind);
  }
  if (whole && field.cardinality == Cardinality::kMap) {
    return value.IsObject() ? "" : "cannot restore map from " + std::string(kind);
  }
  switch (field.type) {
    case Type::kMessage:
      if (!field.message_type->list_wrapper.empty()) {
        return value.IsArray() ? "" : "cannot restore slice from " + std::string(kind);
      }
      return value.IsObject() ? "" : "cannot restore struct from: " + std::string(kind);
    case Type::kString:
      if (value.IsString()) return "";
      return kind == "int64" ? "cannot convert int64 to string" : "unrecognized type: string";
    case Type::kBool:
      return value.IsBool() ? "" : "unrecognized type: bool";
    case Type::kInt32:
    case Type::kInt64:
      if (value.IsInt64()) return "";
      if (!value.IsNumber()) return "unrecognized type: " + GoElementType(field);
      if (value.GetDouble() == std::trunc(value.GetDouble())) return "";
      return "cannot convert float64 to " + GoElementType(field);
    case Type::kDouble:
      return value.IsNumber() ? "" : "unrecognized type: float64";
    case Type::kBytes:
      return value.IsString() || value.IsArray() ? "" : "cannot restore slice from " +
                                                            std::string(kind);
    default:
      return "";  // types with their own JSON decoding
  }
}

}  // namespace ekslite::schema
