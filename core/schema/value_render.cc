#include "core/schema/value_render.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "core/api/go_format.h"

namespace ekslite::schema {
namespace {

std::vector<const JsonValue::Member*> SortedMembers(const JsonValue& object) {
  std::vector<const JsonValue::Member*> members;
  for (const auto& m : object.GetObject()) members.push_back(&m);
  std::sort(members.begin(), members.end(),
            [](const auto* a, const auto* b) { return View(a->name) < View(b->name); });
  return members;
}

}  // namespace

std::string GoFloat(double v) {
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, sci.ptr);
  size_t e = s.find('e');
  int exp = e == std::string::npos ? 0 : std::atoi(s.c_str() + e + 1);
  if (v != 0 && (exp < -4 || exp >= 6)) return s;
  auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

std::string GoNumber(const JsonValue& v) {
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return GoFloat(v.GetDouble());
}

std::string GoSharpV(const JsonValue& v) {
  if (v.IsNull()) return "interface {}(nil)";
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNumber()) return GoNumber(v);
  if (v.IsString()) return api::GoQuote(View(v));
  std::string out;
  if (v.IsArray()) {
    out = "[]interface {}{";
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i > 0) out += ", ";
      out += GoSharpV(v[i]);
    }
    return out + "}";
  }
  out = "map[string]interface {}{";
  bool first = true;
  for (const auto* m : SortedMembers(v)) {
    if (!first) out += ", ";
    first = false;
    out += api::GoQuote(View(m->name)) + ":" + GoSharpV(m->value);
  }
  return out + "}";
}

std::string GoSprint(const JsonValue& v) {
  if (v.IsNull()) return "<nil>";
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNumber()) return GoNumber(v);
  if (v.IsString()) return std::string(View(v));
  std::string out;
  if (v.IsArray()) {
    out = "[";
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i > 0) out += " ";
      out += GoSprint(v[i]);
    }
    return out + "]";
  }
  out = "map[";
  bool first = true;
  for (const auto* m : SortedMembers(v)) {
    if (!first) out += " ";
    first = false;
    out += std::string(View(m->name)) + ":" + GoSprint(m->value);
  }
  return out + "]";
}

api::BadValue BadValueOf(const JsonValue& v) {
  if (v.IsNull()) return api::BadValue::String("null");
  if (v.IsString()) return api::BadValue::String(View(v));
  if (v.IsBool()) return api::BadValue::Bool(v.GetBool());
  if (v.IsNumber()) return api::BadValue::Raw(GoNumber(v));
  return api::BadValue::Raw(GoSharpV(v));
}

}  // namespace ekslite::schema
