// Building blocks of the Table printers: column definitions, the common
// Name ... Age shape, and cells formatted as upstream's printers format them.
#ifndef EKSLITE_APISERVER_TABLE_PRINTER_HELPERS_H_
#define EKSLITE_APISERVER_TABLE_PRINTER_HELPERS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/resources/resource.h"
#include "core/json.h"

namespace ekslite::apiserver {

// A column; priority 1 shows only with -o wide.
PrinterColumn Col(std::string name, std::string description, int priority = 0,
                  std::string type = "string");

// Members (object) or items (array) at `path`; 0 when absent.
size_t MemberCount(const JsonValue& object, std::string_view path);
// "<none>" for "".
std::string OrNone(std::string_view s);
// The Name cell of `object`.
std::string NameCell(const JsonValue& object);
// A label map as "a=b,c=d", sorted by key (upstream's labels.FormatLabels
// without the "<none>": "" when empty).
std::string JoinMap(const JsonValue* map);
// The status of the condition of `type` in status.conditions, "" if none.
std::string ConditionStatus(const JsonValue& object, std::string_view type);
// A metav1.LabelSelector as its canonical string; "<none>" when it selects
// everything, "<error>" when it is invalid (upstream's FormatLabelSelector).
std::string FormatLabelSelector(const JsonValue* selector);
// An IntOrString as text ("25%", "1"); `absent` when not set.
std::string IntOrStringText(const JsonValue* value, std::string_view absent);
// "True" / "False" for a boolean at `path`, `absent` when not set.
std::string BoolText(const JsonValue& object, std::string_view path, std::string_view absent);

// The names and the images of the containers at `containers_path`, each
// joined with ",", as -o wide shows them.
struct ContainerCells {
  std::string names, images;
};
ContainerCells ContainersAt(const JsonValue& object, std::string_view containers_path);

// The common shape: Name, the `middle` columns filled by `cells`, then Age.
using Cells = std::function<void(const JsonValue& object, std::vector<std::string>* cells)>;
void NameColumnsAge(ResourceInfo& info, std::vector<PrinterColumn> middle, Cells cells);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_PRINTER_HELPERS_H_
