#include "core/fieldmanager/last_applied.h"

#include <algorithm>
#include <map>

#include "core/api/json_tree.h"

namespace ekslite::fieldmanager {
namespace {

// A JSON string as Go's encoding/json writes it (HTML characters escaped).
void AppendGoJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out->append("\\u00").push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xf]);
    } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) & 0xfe) == 0xa8) {
      out->append(static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029");
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

// `v` with object keys sorted, as Go marshals a map.
void AppendSorted(const JsonValue& v, std::string* out) {
  if (v.IsObject()) {
    std::map<std::string_view, const JsonValue*> sorted;
    for (const auto& m : v.GetObject()) sorted[View(m.name)] = &m.value;
    out->push_back('{');
    bool first = true;
    for (const auto& [k, value] : sorted) {
      if (!first) out->push_back(',');
      first = false;
      AppendGoJsonString(k, out);
      out->push_back(':');
      AppendSorted(*value, out);
    }
    out->push_back('}');
  } else if (v.IsArray()) {
    out->push_back('[');
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendSorted(v[i], out);
    }
    out->push_back(']');
  } else if (v.IsString()) {
    AppendGoJsonString(View(v), out);
  } else {
    AppendJson(v, out);
  }
}

const JsonValue* LastAppliedText(const JsonValue& object) {
  const JsonValue* meta = Member(object, "metadata");
  const JsonValue* annotations = meta != nullptr ? Member(*meta, "annotations") : nullptr;
  const JsonValue* text =
      annotations != nullptr ? Member(*annotations, kLastAppliedAnnotation) : nullptr;
  return text != nullptr && text->IsString() && text->GetStringLength() > 0 ? text : nullptr;
}

}  // namespace

Status ConflictError(const std::vector<Conflict>& conflicts) {
  StatusDetails details;
  for (const Conflict& c : conflicts) {
    details.causes.push_back(
        {"FieldManagerConflict", "conflict with " + c.manager, PathString(c.path)});
  }
  std::string message;
  if (conflicts.size() == 1) {
    message = "Apply failed with 1 conflict: conflict with " + conflicts[0].manager + ": " +
              PathString(conflicts[0].path);
  } else {
    std::map<std::string, std::vector<std::string>> by_manager;
    for (const Conflict& c : conflicts) by_manager[c.manager].push_back(PathString(c.path));
    message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: ";
    bool first = true;
    for (const auto& [manager, paths] : by_manager) {
      if (!first) message += "\n";
      first = false;
      message += "conflicts with " + manager + ":";
      for (const std::string& p : paths) message += "\n- " + p;
    }
  }
  return Status(Code::kConflict, std::move(message), std::move(details));
}

bool HasLastApplied(const JsonValue& object) { return LastAppliedText(object) != nullptr; }

FieldSet AllowedConflicts(const JsonValue& live, const TypeRef& type,
                          std::string_view api_version) {
  const JsonValue* text = LastAppliedText(live);
  if (text == nullptr) return FieldSet();
  auto last = api::ParseUntrustedJson(View(*text));
  if (!last.ok() || !last->IsObject()) return FieldSet();
  if (StringAt(*last, "apiVersion") != api_version) return FieldSet();
  // Fields whose live value differs from the applied one, or that exist on
  // one side only, were not left as client-side apply set them.
  Comparison changed = Compare(&*last, &live, type);
  return FieldsOf(*last, type)
      .Difference(changed.modified)
      .Difference(changed.added)
      .Difference(changed.removed);
}

void SetLastApplied(Json& object, const JsonValue& config) {
  JsonAllocator& a = object.GetAllocator();
  Json copy;
  api::DeepCopy(config, &copy, copy.GetAllocator());
  if (JsonValue* meta = Member(copy, "metadata")) {
    if (JsonValue* annotations = Member(*meta, "annotations")) {
      RemoveMember(*annotations, kLastAppliedAnnotation);
    }
  }
  std::string text;
  AppendSorted(copy, &text);
  text.push_back('\n');
  JsonValue& annotations = EnsureObject(EnsureObject(object, "metadata", a), "annotations", a);
  SetString(annotations, kLastAppliedAnnotation, text, a);
}

}  // namespace ekslite::fieldmanager
