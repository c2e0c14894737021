#include "apiserver/table/printer_helpers.h"

#include <map>

#include "apiserver/table/table.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {

PrinterColumn Col(std::string name, std::string description, int priority, std::string type) {
  return {std::move(name), std::move(type), "", std::move(description), priority};
}

size_t MemberCount(const JsonValue& object, std::string_view path) {
  const JsonValue* v = Path(object, path);
  if (v == nullptr) return 0;
  if (v->IsObject()) return v->MemberCount();
  if (v->IsArray()) return v->Size();
  return 0;
}

std::string OrNone(std::string_view s) { return s.empty() ? "<none>" : std::string(s); }

std::string NameCell(const JsonValue& o) { return StringCell(StringAt(o, "metadata.name")); }

std::string JoinMap(const JsonValue* map) {
  if (map == nullptr || !map->IsObject()) return "";
  std::map<std::string, std::string> sorted;
  for (const auto& m : map->GetObject())
    sorted[std::string(View(m.name))] = std::string(View(m.value));
  std::string out;
  for (const auto& [k, v] : sorted) {
    if (!out.empty()) out += ",";
    out += k + "=" + v;
  }
  return out;
}

std::string ConditionStatus(const JsonValue& object, std::string_view type) {
  const JsonValue* conds = Path(object, "status.conditions");
  if (conds == nullptr || !conds->IsArray()) return "";
  for (const JsonValue& c : conds->GetArray()) {
    if (StringAt(c, "type") == type) return std::string(StringAt(c, "status"));
  }
  return "";
}

std::string FormatLabelSelector(const JsonValue* selector) {
  auto parsed = api::LabelSelectorFromJson(selector);
  if (!parsed.ok()) return "<error>";
  return OrNone(parsed->String());
}

std::string IntOrStringText(const JsonValue* value, std::string_view absent) {
  if (value == nullptr || value->IsNull()) return std::string(absent);
  if (value->IsInt64()) return std::to_string(value->GetInt64());
  return std::string(View(*value));
}

std::string BoolText(const JsonValue& object, std::string_view path, std::string_view absent) {
  const JsonValue* v = Path(object, path);
  if (v == nullptr || !v->IsBool()) return std::string(absent);
  return v->GetBool() ? "True" : "False";
}

ContainerCells ContainersAt(const JsonValue& object, std::string_view containers_path) {
  ContainerCells out;
  const JsonValue* cs = Path(object, containers_path);
  if (cs == nullptr || !cs->IsArray()) return out;
  for (rapidjson::SizeType i = 0; i < cs->Size(); ++i) {
    if (i > 0) {
      out.names += ",";
      out.images += ",";
    }
    out.names += StringAt((*cs)[i], "name");
    out.images += StringAt((*cs)[i], "image");
  }
  return out;
}

void NameColumnsAge(ResourceInfo& info, std::vector<PrinterColumn> middle, Cells cells) {
  info.columns = {NameColumn()};
  info.columns.insert(info.columns.end(), middle.begin(), middle.end());
  info.columns.push_back(AgeColumn());
  info.row = [cells = std::move(cells)](const JsonValue& o, Clock::time_point now,
                                        std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    cells(o, c);
    c->push_back(StringCell(AgeOf(o, now)));
  };
}

}  // namespace ekslite::apiserver
