// ApplyDescriptions: the docs format of core/schema/README.md ("Descriptions")
// onto a parsed schema. Explicit entries are applied line by line; wildcard
// entries are collected and applied last, to whatever is still undescribed.
#include "core/schema/descriptions.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace ekslite::schema {
namespace {

// "*Suffix[.field]: text": applies to every message whose short name ends
// with Suffix; "{}" in the text stands for the rest of the short name.
struct Wildcard {
  std::string suffix;
  std::string field;  // "" = the message itself
  std::string text;
};

// "copy TARGET from SOURCE": TARGET's undescribed fields take the
// descriptions of SOURCE's fields of the same name.
struct Copy {
  Message* target;
  const Message* source;
};

std::string_view ShortName(std::string_view full) {
  size_t dot = full.rfind('.');
  return dot == std::string_view::npos ? full : full.substr(dot + 1);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Field* OwnField(Message& message, std::string_view json_name) {
  for (Field& f : message.fields) {
    if (f.json_name == json_name) return &f;
  }
  return nullptr;
}

class DescriptionReader {
 public:
  explicit DescriptionReader(Schema& schema) : schema_(schema) {}

  Status AddSource(const SchemaSource& source);
  void ApplyCopies();
  void ApplyWildcards();

 private:
  Status ParseLine(std::string_view line, const std::string& location);
  Status SetExplicit(std::string_view key, std::string_view text, const std::string& location);
  Status AddCopy(std::string_view line, const std::string& location);
  std::string FullName(std::string_view name) const {
    if (name.find('.') != std::string_view::npos || package_.empty()) return std::string(name);
    return package_ + "." + std::string(name);
  }

  Message* Find(std::string_view name) {
    auto it = schema_.Messages().find(name);
    // The caller owns the freshly parsed schema, so its messages may change.
    return it == schema_.Messages().end() ? nullptr : it->second.get();
  }

  Schema& schema_;
  std::string package_;
  std::set<std::string, std::less<>> seen_;  // explicit keys, with the package
  std::vector<Wildcard> wildcards_;
  std::vector<Copy> copies_;
};

Status DescriptionReader::AddSource(const SchemaSource& source) {
  package_.clear();
  std::string_view text = source.text;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::string location = std::string(source.name) + ":" + std::to_string(line_number);
    EKS_RETURN_IF_ERROR(ParseLine(line, location));
  }
  return Status::Ok();
}

Status DescriptionReader::ParseLine(std::string_view line, const std::string& location) {
  line = Trim(line);
  if (line.empty() || line.front() == '#') return Status::Ok();
  if (line.starts_with("package ")) {
    package_ = std::string(Trim(line.substr(8)));
    return Status::Ok();
  }
  if (line.starts_with("copy ")) return AddCopy(line.substr(5), location);
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) {
    return Status::Invalid(location + ": want \"Message[.field]: text\"");
  }
  std::string_view key = line.substr(0, colon);
  std::string_view text = Trim(line.substr(colon + 2));
  if (text.empty()) return Status::Invalid(location + ": empty description");
  if (key.front() != '*') return SetExplicit(key, text, location);
  size_t dot = key.find('.');
  std::string_view suffix = key.substr(1, dot == std::string_view::npos ? key.npos : dot - 1);
  std::string_view field = dot == std::string_view::npos ? "" : key.substr(dot + 1);
  wildcards_.push_back({std::string(suffix), std::string(field), std::string(text)});
  return Status::Ok();
}

Status DescriptionReader::SetExplicit(std::string_view key, std::string_view text,
                                      const std::string& location) {
  size_t dot = key.find('.');
  std::string_view message_name = key.substr(0, dot);
  std::string full = FullName(message_name);
  Message* message = Find(full);
  if (message == nullptr) return Status::Invalid(location + ": unknown message " + full);
  std::string* target = &message->description;
  if (dot != std::string_view::npos) {
    Field* field = OwnField(*message, key.substr(dot + 1));
    if (field == nullptr) {
      return Status::Invalid(location + ": unknown field " + full + "." +
                             std::string(key.substr(dot + 1)));
    }
    target = &field->description;
  }
  std::string seen_key = full + std::string(key.substr(message_name.size()));
  if (!seen_.insert(seen_key).second) {
    return Status::Invalid(location + ": " + seen_key + " is described twice");
  }
  *target = std::string(text);
  return Status::Ok();
}

Status DescriptionReader::AddCopy(std::string_view line, const std::string& location) {
  size_t from = line.find(" from ");
  if (from == std::string_view::npos) {
    return Status::Invalid(location + ": want \"copy TARGET from SOURCE\"");
  }
  std::string target = FullName(Trim(line.substr(0, from)));
  std::string source = FullName(Trim(line.substr(from + 6)));
  Message* t = Find(target);
  const Message* s = Find(source);
  if (t == nullptr || s == nullptr) {
    return Status::Invalid(location + ": unknown message " + (t == nullptr ? target : source));
  }
  copies_.push_back({t, s});
  return Status::Ok();
}

void DescriptionReader::ApplyCopies() {
  for (const Copy& copy : copies_) {
    for (Field& f : copy.target->fields) {
      const Field* from = copy.source->FieldByJsonName(f.json_name);
      if (f.description.empty() && from != nullptr) f.description = from->description;
    }
  }
}

void DescriptionReader::ApplyWildcards() {
  // The most specific (longest suffix) wildcard fills a description first.
  std::stable_sort(wildcards_.begin(), wildcards_.end(),
                   [](const Wildcard& a, const Wildcard& b) {
                     return a.suffix.size() > b.suffix.size();
                   });
  for (const Wildcard& w : wildcards_) {
    for (const auto& [name, message] : schema_.Messages()) {
      std::string_view short_name = ShortName(name);
      if (!short_name.ends_with(w.suffix)) continue;
      std::string* target = &message->description;
      if (!w.field.empty()) {
        Field* field = OwnField(*message, w.field);
        if (field == nullptr) continue;
        target = &field->description;
      }
      if (!target->empty()) continue;
      std::string text = w.text;
      size_t hole = text.find("{}");
      if (hole != std::string::npos) {
        text.replace(hole, 2, short_name.substr(0, short_name.size() - w.suffix.size()));
      }
      *target = std::move(text);
    }
  }
}

}  // namespace

Status ApplyDescriptions(std::span<const SchemaSource> sources, Schema& schema) {
  DescriptionReader reader(schema);
  for (const SchemaSource& source : sources) EKS_RETURN_IF_ERROR(reader.AddSource(source));
  reader.ApplyCopies();
  reader.ApplyWildcards();
  return Status::Ok();
}

}  // namespace ekslite::schema
