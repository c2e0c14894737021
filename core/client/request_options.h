// Options of the dynamic client's requests, as upstream's ListOptions,
// GetOptions, CreateOptions/UpdateOptions/PatchOptions and DeleteOptions
// carry them.
#ifndef EKSLITE_CORE_CLIENT_REQUEST_OPTIONS_H_
#define EKSLITE_CORE_CLIENT_REQUEST_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/client/object.h"

namespace ekslite::client {

struct ListOptions {
  std::string label_selector;  // "app=web,tier!=db"
  std::string field_selector;  // "spec.nodeName=node-1"
  int64_t limit = 0;           // page size; 0 = everything at once
  std::string continue_token;  // from the previous page
  // "" = the latest (a consistent read); "0" = any; else a revision, with
  // `resource_version_match` "NotOlderThan" or "Exact".
  std::string resource_version;
  std::string resource_version_match;
  // Watch only: the server ends the watch after this long (0 = its default),
  // and sends BOOKMARK events when allowed.
  int64_t timeout_seconds = 0;
  bool allow_watch_bookmarks = false;
  // Client side, never sent: applied to each returned object before it is
  // frozen (e.g. DropManagedFields()).
  ObjectTransform transform;
};

struct GetOptions {
  std::string resource_version;  // "" = the latest
};

// Create, update and patch.
struct WriteOptions {
  std::string field_manager;     // "" = the server's default for the client
  bool dry_run = false;          // validate and answer, but store nothing
  std::string field_validation;  // "", "Ignore", "Warn" or "Strict"
};

// Server-side apply (PATCH with application/apply-patch+yaml).
struct ApplyOptions {
  std::string field_manager;  // required
  bool force = false;         // take over fields other managers own
  bool dry_run = false;
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;  // "", "Orphan", "Background" or "Foreground"
  // Preconditions: the delete fails with kConflict unless they hold.
  std::string precondition_uid;
  std::string precondition_resource_version;
  bool dry_run = false;
};

enum class PatchType {
  kJson,            // RFC 6902, application/json-patch+json
  kMerge,           // RFC 7386, application/merge-patch+json
  kStrategicMerge,  // application/strategic-merge-patch+json (built-in kinds)
  kApply,           // application/apply-patch+yaml; see ApplyOptions
};

// The Content-Type of a patch of `type`.
std::string_view PatchContentType(PatchType type);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_REQUEST_OPTIONS_H_
