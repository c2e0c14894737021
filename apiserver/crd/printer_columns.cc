#include "apiserver/crd/printer_columns.h"

#include <charconv>
#include <cmath>

#include "apiserver/crd/json_path.h"
#include "apiserver/table/table.h"
#include "core/schema/value_render.h"

namespace ekslite::apiserver {
namespace {

// A float64 as Go's encoding/json writes it.
std::string JsonFloat(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e21) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0);
    return std::string(buf, r.ptr);
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string Cell(const std::string& type, const JsonValue* v, Clock::time_point now) {
  if (v == nullptr || v->IsNull()) return "null";
  if (type == "integer" && v->IsNumber()) {
    if (v->IsInt64()) return std::to_string(v->GetInt64());
    return std::to_string(static_cast<int64_t>(v->GetDouble()));
  }
  if (type == "number" && v->IsNumber()) {
    return v->IsInt64() ? std::to_string(v->GetInt64()) : JsonFloat(v->GetDouble());
  }
  if (type == "boolean" && v->IsBool()) return v->GetBool() ? "true" : "false";
  if (type == "string") return StringCell(schema::GoSprint(*v));
  if (type == "date" && v->IsString()) {
    Clock::time_point t;
    if (!ParseRfc3339(View(*v), &t)) return StringCell("<invalid>");
    return StringCell(HumanDuration(now - t));
  }
  return "null";
}

struct Column {
  std::string type;
  JsonPath path;
};

}  // namespace

Status UsePrinterColumns(const std::vector<CrdColumn>& columns, ResourceInfo* info) {
  std::vector<CrdColumn> effective = columns;
  if (effective.empty()) {
    effective.push_back({"Age", "date", "", "How long ago the object was created.",
                         ".metadata.creationTimestamp", 0});
  }
  info->columns = {NameColumn()};
  std::vector<Column> compiled;
  for (const CrdColumn& c : effective) {
    auto path = JsonPath::Parse(c.json_path);
    if (!path.ok())
      return Status::Invalid("unrecognized column definition \"" + c.json_path + "\"");
    std::string description =
        c.description.empty()
            ? "Custom resource definition column (in JSONPath format): " + c.json_path
            : c.description;
    info->columns.push_back({c.name, c.type, c.format, description, c.priority});
    compiled.push_back({c.type, std::move(*path)});
  }
  info->row = [compiled](const JsonValue& object, Clock::time_point now,
                         std::vector<std::string>* cells) {
    cells->push_back(StringCell(StringAt(object, "metadata.name")));
    for (const Column& c : compiled) cells->push_back(Cell(c.type, c.path.First(object), now));
  };
  return Status::Ok();
}

}  // namespace ekslite::apiserver
