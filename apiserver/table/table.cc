#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

void AppendColumn(const PrinterColumn& c, std::string* out) {
  *out += "{\"name\":";
  AppendJsonString(c.name, out);
  *out += ",\"type\":";
  AppendJsonString(c.type, out);
  *out += ",\"format\":";
  AppendJsonString(c.format, out);
  *out += ",\"description\":";
  AppendJsonString(c.description, out);
  *out += ",\"priority\":" + std::to_string(c.priority) + "}";
}

void DefaultRow(const JsonValue& object, Clock::time_point, std::vector<std::string>* cells) {
  cells->push_back(StringCell(StringAt(object, "metadata.name")));
  cells->push_back(StringCell(StringAt(object, "metadata.creationTimestamp")));
}

std::vector<PrinterColumn> DefaultColumns() {
  return {NameColumn(),
          {"Created At", "date", "", "When the object was created (RFC 3339, UTC).", 0}};
}

// The row's "object": the metadata as a PartialObjectMetadata, or the whole
// object.
void AppendRowObject(const JsonValue& object, IncludeObject include, std::string* out) {
  if (include == IncludeObject::kObject) {
    AppendJson(object, out);
    return;
  }
  *out += R"({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":)";
  const JsonValue* meta = Member(object, "metadata");
  if (meta != nullptr) {
    AppendJson(*meta, out);
  } else {
    *out += "{}";
  }
  *out += "}";
}

}  // namespace

PrinterColumn NameColumn() {
  return {"Name", "string", "name",
          "The object's name, unique among objects of its kind in its namespace.", 0};
}

PrinterColumn AgeColumn() {
  return {"Age", "string", "", "How long ago the object was created.", 0};
}

std::string StringCell(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string IntCell(int64_t v) { return std::to_string(v); }

namespace {

// "3m20s", or "3m" when the second part is zero.
std::string Two(int64_t a, char unit_a, int64_t b, char unit_b) {
  std::string out = std::to_string(a) + unit_a;
  if (b != 0) out += std::to_string(b) + unit_b;
  return out;
}

}  // namespace

std::string HumanDuration(Clock::duration d) {
  int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (secs < -1) return "<invalid>";
  if (secs < 0) return "0s";
  if (secs < 60 * 2) return std::to_string(secs) + "s";
  int64_t mins = secs / 60;
  if (mins < 10) return Two(mins, 'm', secs % 60, 's');
  if (mins < 60 * 3) return std::to_string(mins) + "m";
  int64_t hours = mins / 60;
  if (hours < 8) return Two(hours, 'h', mins % 60, 'm');
  if (hours < 48) return std::to_string(hours) + "h";
  int64_t days = hours / 24;
  if (hours < 24 * 8) return Two(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return std::to_string(days) + "d";
  if (hours < 24 * 365 * 8) return Two(days / 365, 'y', days % 365, 'd');
  return std::to_string(days / 365) + "y";
}

std::string AgeSince(std::string_view timestamp, Clock::time_point now) {
  Clock::time_point t;
  if (timestamp.empty() || !ParseRfc3339(timestamp, &t)) return "<unknown>";
  return HumanDuration(now - t);
}

std::string AgeOf(const JsonValue& object, Clock::time_point now) {
  return AgeSince(StringAt(object, "metadata.creationTimestamp"), now);
}

std::string BuildTable(const ResourceInfo& info, const std::vector<std::string_view>& objects,
                       const TableOptions& options, Clock::time_point now) {
  std::vector<PrinterColumn> columns = info.row ? info.columns : DefaultColumns();
  RowPrinter row = info.row ? info.row : RowPrinter(DefaultRow);
  std::string out = R"({"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{)";
  bool comma = false;
  if (!options.resource_version.empty()) {
    out += "\"resourceVersion\":";
    AppendJsonString(options.resource_version, &out);
    comma = true;
  }
  if (!options.continue_token.empty()) {
    out += comma ? ",\"continue\":" : "\"continue\":";
    AppendJsonString(options.continue_token, &out);
    comma = true;
    if (options.remaining >= 0)
      out += ",\"remainingItemCount\":" + std::to_string(options.remaining);
  }
  out += "}";
  if (options.headers) {
    out += ",\"columnDefinitions\":[";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out += ",";
      AppendColumn(columns[i], &out);
    }
    out += "]";
  }
  out += ",\"rows\":[";
  bool first = true;
  std::vector<std::string> cells;
  for (std::string_view text : objects) {
    auto parsed = ParseJson(text);
    if (!parsed.ok()) continue;
    cells.clear();
    row(*parsed, now, &cells);
    out += first ? "{\"cells\":[" : ",{\"cells\":[";
    first = false;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ",";
      out += cells[i];
    }
    out += "]";
    if (options.include != IncludeObject::kNone) {
      out += ",\"object\":";
      AppendRowObject(*parsed, options.include, &out);
    }
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace ekslite::apiserver
