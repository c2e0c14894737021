// The files of core/schema/data, compiled into the binary by
// core/schema/embed_schema.cmake. Internal to core/schema.
#ifndef EKSLITE_CORE_SCHEMA_BUILTIN_SCHEMA_DATA_H_
#define EKSLITE_CORE_SCHEMA_BUILTIN_SCHEMA_DATA_H_

#include <span>
#include <string_view>

namespace ekslite::schema::internal {

struct EmbeddedSchemaFile {
  std::string_view name;  // "core.v1.schema"
  // The file's text is the concatenation of its chunks (string literals are
  // kept short for portability).
  std::span<const std::string_view> chunks;
};

// Every built-in schema file, in the order CMake lists them.
std::span<const EmbeddedSchemaFile> BuiltinSchemaFiles();
// Every description file of core/schema/docs, in the order CMake lists them.
std::span<const EmbeddedSchemaFile> BuiltinDocFiles();

}  // namespace ekslite::schema::internal

#endif  // EKSLITE_CORE_SCHEMA_BUILTIN_SCHEMA_DATA_H_
