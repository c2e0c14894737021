// DynamicClient: every API operation on any resource, by group, version and
// resource, with objects as JSON. Errors come back as Status with the
// metav1.Status reason mapped (kNotFound, kAlreadyExists, kConflict, kExpired,
// kInvalid with causes, kForbidden, ...); a 2xx answer is a value.
//
//   DynamicClient client(transport);
//   auto pods = client.Resource(resources::kPods, "default");
//   StatusOr<Json> pod = pods.Get("web-0");
//   if (pod.status().IsNotFound()) ...
#ifndef EKSLITE_CORE_CLIENT_DYNAMIC_CLIENT_H_
#define EKSLITE_CORE_CLIENT_DYNAMIC_CLIENT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/object.h"
#include "core/client/request_options.h"
#include "core/client/resource.h"
#include "core/client/transport.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::client {

class CancelToken;

// One page of a list. Items carry kind and apiVersion (taken from the list's
// when the server leaves them out).
struct ObjectList {
  std::vector<ObjectPtr> items;
  std::string resource_version;  // of the whole list
  std::string continue_token;    // "" on the last page
  std::optional<int64_t> remaining_item_count;
};

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark };
  Type type = Type::kAdded;
  // The object as of this event (for kDeleted its last state); for kBookmark
  // only kind, apiVersion and metadata.resourceVersion.
  ObjectPtr object;
};

// Receives watch events in order; returns false to stop watching.
using WatchHandler = std::function<bool(const WatchEvent& event)>;

// Operations on one resource, in one namespace ("" = every namespace for
// list and watch, or a cluster-scoped resource). A cheap value; thread-safe
// like the transport under it.
class ResourceClient {
 public:
  ResourceClient(Transport& transport, GroupVersionResource resource, std::string ns);

  const GroupVersionResource& resource() const { return resource_; }
  const std::string& ns() const { return ns_; }

  // The object. kNotFound when there is none; kBadRequest for an empty name.
  StatusOr<Json> Get(std::string_view name, const GetOptions& options = {}) const;
  // One page (or everything when `options.limit` is 0). kExpired when a
  // continue token is too old (list again from the start).
  StatusOr<ObjectList> List(const ListOptions& options = {}) const;
  // Every page of a list, read with `page_size`; restarts without paging
  // when a continue token expires mid-way.
  StatusOr<ObjectList> ListAll(ListOptions options = {}, int64_t page_size = 500) const;

  // Creates `object` (name or generateName in its metadata); returns what was
  // stored. kAlreadyExists, kInvalid (causes in the details), kForbidden...
  StatusOr<Json> Create(const JsonValue& object, const WriteOptions& options = {}) const;
  // Replaces the object named in `object`; with metadata.resourceVersion set,
  // kConflict when it is stale.
  StatusOr<Json> Update(const JsonValue& object, const WriteOptions& options = {}) const;
  // Update through the status subresource (only .status changes).
  StatusOr<Json> UpdateStatus(const JsonValue& object, const WriteOptions& options = {}) const;
  // Patches object `name` (or its `subresource`) with `patch` of `type`.
  StatusOr<Json> Patch(std::string_view name, PatchType type, std::string_view patch,
                       const WriteOptions& options = {}, std::string_view subresource = "") const;
  // Server-side apply of `object` (its metadata.name names the target).
  // kConflict when a field another manager owns would change (unless force).
  StatusOr<Json> Apply(const JsonValue& object, const ApplyOptions& options) const;
  // Deletes object `name`; returns the server's answer: the object (still
  // present with a deletionTimestamp while finalizers or grace run, or as it
  // was) or a success metav1.Status. kNotFound, kConflict (preconditions).
  StatusOr<Json> Delete(std::string_view name, const DeleteOptions& options = {}) const;
  // Deletes every object `list_options` selects.
  Status DeleteCollection(const DeleteOptions& options = {},
                          const ListOptions& list_options = {}) const;

  // Subresources by name ("status", "scale", "binding", "eviction", ...).
  StatusOr<Json> GetSubresource(std::string_view name, std::string_view subresource) const;
  StatusOr<Json> UpdateSubresource(std::string_view name, std::string_view subresource,
                                   const JsonValue& body, const WriteOptions& options = {}) const;
  StatusOr<Json> CreateSubresource(std::string_view name, std::string_view subresource,
                                   const JsonValue& body, const WriteOptions& options = {}) const;

  // Watches from `options.resource_version` ("" or "0": the current objects
  // first, as kAdded events), calling `on_event` on this thread. Returns OK
  // when the server ended the watch (timeout), `on_event` returned false or
  // `cancel` fired; the error of an ERROR event (kExpired when the version is
  // too old: list again) or of a refused request; transport errors.
  Status Watch(const ListOptions& options, const WatchHandler& on_event,
               CancelToken* cancel = nullptr) const;

 private:
  std::string Path(std::string_view name = "", std::string_view subresource = "") const;
  StatusOr<Json> Send(http::Verb verb, std::string target, std::string body = "",
                      std::string_view content_type = "application/json") const;

  Transport* transport_;
  GroupVersionResource resource_;
  std::string ns_;
};

class DynamicClient {
 public:
  // `transport` must outlive the client and every ResourceClient from it.
  explicit DynamicClient(Transport& transport) : transport_(transport) {}

  ResourceClient Resource(const GroupVersionResource& resource, std::string ns = "") const {
    return ResourceClient(transport_, resource, std::move(ns));
  }
  Transport& transport() const { return transport_; }

 private:
  Transport& transport_;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_DYNAMIC_CLIENT_H_
