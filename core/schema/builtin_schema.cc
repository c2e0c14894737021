// BuiltinSchema(): the schema files compiled into the binary, parsed once.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/schema/builtin_schema_data.h"
#include "core/schema/descriptions.h"
#include "core/schema/schema.h"

namespace ekslite::schema {
namespace {

// The descriptions of core/schema/docs.
Status ApplyBuiltinDescriptions(Schema& schema) {
  std::vector<std::string> texts;
  std::vector<SchemaSource> sources;
  for (const internal::EmbeddedSchemaFile& file : internal::BuiltinDocFiles()) {
    std::string text;
    for (std::string_view chunk : file.chunks) text.append(chunk);
    texts.push_back(std::move(text));
  }
  size_t i = 0;
  for (const internal::EmbeddedSchemaFile& file : internal::BuiltinDocFiles()) {
    sources.push_back({file.name, texts[i++]});
  }
  return ApplyDescriptions(sources, schema);
}

const Schema* LoadBuiltinSchema() {
  std::vector<std::string> texts;
  std::vector<SchemaSource> sources;
  for (const internal::EmbeddedSchemaFile& file : internal::BuiltinSchemaFiles()) {
    std::string text;
    for (std::string_view chunk : file.chunks) text.append(chunk);
    texts.push_back(std::move(text));
  }
  size_t i = 0;
  for (const internal::EmbeddedSchemaFile& file : internal::BuiltinSchemaFiles()) {
    sources.push_back({file.name, texts[i++]});
  }
  auto schema = ParseSchemaSources(sources);
  Status described = schema.ok() ? ApplyBuiltinDescriptions(**schema) : schema.status();
  if (!described.ok()) {
    // The data is part of the program and checked by its tests: a broken
    // built-in schema is a build defect, not a runtime condition.
    std::fprintf(stderr, "ekslite: built-in schema is invalid: %s\n",
                 described.ToString().c_str());
    std::abort();
  }
  return std::move(schema).value().release();
}

}  // namespace

const Schema& BuiltinSchema() {
  // Parsed on first use; never freed (it lives as long as the process).
  static const Schema* const kSchema = LoadBuiltinSchema();
  return *kSchema;
}

}  // namespace ekslite::schema
