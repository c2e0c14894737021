// File helpers for the data directory: whole-file reads, and writes that are
// atomic (a reader sees the old or the new content, never a mix) and durable.
#ifndef EKSLITE_APISERVER_PKI_FILE_IO_H_
#define EKSLITE_APISERVER_PKI_FILE_IO_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::apiserver::pki {

// Returns the content of `path`; kNotFound when it does not exist, kInternal
// (with the path and the system's reason) on any other failure.
StatusOr<std::string> ReadFile(const std::string& path);

// Replaces `path` with `content`: writes a temporary file with permissions
// `mode` next to it, fsyncs it, renames it over `path` and fsyncs the
// directory. kInternal with the path and reason on failure; `path` is then
// unchanged.
Status WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode);

// Creates `path` and missing parents with permissions `mode` (like mkdir -p).
// OK when it already exists as a directory.
Status MakeDirectories(const std::string& path, mode_t mode);

}  // namespace ekslite::apiserver::pki

#endif  // EKSLITE_APISERVER_PKI_FILE_IO_H_
