#include "core/client/dynamic_client.h"

#include "core/api/object_meta.h"
#include "core/client/api_error.h"
#include "core/client/cancel_token.h"
#include "core/client/url.h"

namespace ekslite::client {
namespace {

void AddWriteQuery(const WriteOptions& options, QueryBuilder& query) {
  query.Add("fieldManager", options.field_manager);
  if (options.dry_run) query.Add("dryRun", "All");
  query.Add("fieldValidation", options.field_validation);
}

void AddListQuery(const ListOptions& options, QueryBuilder& query) {
  query.Add("labelSelector", options.label_selector);
  query.Add("fieldSelector", options.field_selector);
  if (options.limit > 0) query.Add("limit", std::to_string(options.limit));
  query.Add("continue", options.continue_token);
  query.Add("resourceVersion", options.resource_version);
  query.Add("resourceVersionMatch", options.resource_version_match);
}

std::string DeleteOptionsJson(const DeleteOptions& options) {
  Json doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  SetString(doc, "kind", "DeleteOptions", a);
  SetString(doc, "apiVersion", "v1", a);
  if (options.grace_period_seconds) {
    SetInt(doc, "gracePeriodSeconds", *options.grace_period_seconds, a);
  }
  if (!options.propagation_policy.empty()) {
    SetString(doc, "propagationPolicy", options.propagation_policy, a);
  }
  if (!options.precondition_uid.empty() || !options.precondition_resource_version.empty()) {
    JsonValue& pre = EnsureObject(doc, "preconditions", a);
    if (!options.precondition_uid.empty()) SetString(pre, "uid", options.precondition_uid, a);
    if (!options.precondition_resource_version.empty()) {
      SetString(pre, "resourceVersion", options.precondition_resource_version, a);
    }
  }
  if (options.dry_run) {
    JsonValue all(rapidjson::kArrayType);
    all.PushBack(MakeString("All", a), a);
    SetMember(doc, "dryRun", std::move(all), a);
  }
  return ToJsonString(doc);
}

StatusOr<std::string_view> RequireName(std::string_view name) {
  if (name.empty()) return Status::BadRequest("resource name may not be empty");
  return name;
}

// Gives a list item the kind and apiVersion of its list ("PodList" ->
// "Pod"), as upstream's unstructured lists do, then transforms and freezes it.
ObjectPtr FreezeItem(JsonValue& item, std::string_view kind, std::string_view api_version,
                     const ObjectTransform& transform, JsonAllocator& a) {
  if (item.IsObject()) {
    if (Member(item, "kind") == nullptr && !kind.empty()) SetString(item, "kind", kind, a);
    if (Member(item, "apiVersion") == nullptr && !api_version.empty()) {
      SetString(item, "apiVersion", api_version, a);
    }
  }
  if (transform) transform(item, a);
  return FreezeObject(item);
}

StatusOr<WatchEvent::Type> EventType(std::string_view type) {
  if (type == "ADDED") return WatchEvent::Type::kAdded;
  if (type == "MODIFIED") return WatchEvent::Type::kModified;
  if (type == "DELETED") return WatchEvent::Type::kDeleted;
  if (type == "BOOKMARK") return WatchEvent::Type::kBookmark;
  return Status::Internal("unknown watch event type \"" + std::string(type) + "\"");
}

// Parses one line of a watch ({"type":"ADDED","object":{...}}) into
// `*event`. An ERROR event's metav1.Status comes back as its error (kExpired
// for a version too old); a malformed line is kInternal.
Status ParseWatchEvent(std::string_view line, const ObjectTransform& transform, WatchEvent* event) {
  auto doc = ParseJson(line);
  if (!doc.ok() || !doc->IsObject()) {
    return Status::Internal("malformed watch event: " + std::string(line.substr(0, 200)));
  }
  std::string_view type = StringAt(*doc, "type");
  JsonValue* object = Member(*doc, "object");
  if (object == nullptr || !object->IsObject()) {
    return Status::Internal("watch event without an object");
  }
  if (type == "ERROR") return StatusFromStatusObject(*object);
  EKS_ASSIGN_OR_RETURN(event->type, EventType(type));
  if (event->type != WatchEvent::Type::kBookmark && transform) {
    transform(*object, doc->GetAllocator());
  }
  event->object = FreezeObject(*object);
  return Status::Ok();
}

}  // namespace

ResourceClient::ResourceClient(Transport& transport, GroupVersionResource resource, std::string ns)
    : transport_(&transport), resource_(std::move(resource)), ns_(std::move(ns)) {}

std::string ResourceClient::Path(std::string_view name, std::string_view subresource) const {
  return ResourcePath(resource_, ns_, name, subresource);
}

StatusOr<Json> ResourceClient::Send(http::Verb verb, std::string target, std::string body,
                                    std::string_view content_type) const {
  http::Request request(verb, target, 11);
  request.set(http::Field::accept, "application/json");
  if (!body.empty()) request.set(http::Field::content_type, content_type);
  request.body() = std::move(body);
  request.prepare_payload();
  EKS_ASSIGN_OR_RETURN(http::Response response, transport_->RoundTrip(request));
  EKS_RETURN_IF_ERROR(StatusFromResponse(response.head));
  if (response.head.body().empty()) return Json(rapidjson::kObjectType);
  auto doc = ParseJson(response.head.body());
  if (!doc.ok()) {
    return Status::Internal("the server's answer to " + target +
                            " is not JSON: " + doc.status().message());
  }
  return doc;
}

StatusOr<Json> ResourceClient::Get(std::string_view name, const GetOptions& options) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  QueryBuilder query;
  query.Add("resourceVersion", options.resource_version);
  return Send(http::Verb::get, Path(name) + query.str());
}

StatusOr<ObjectList> ResourceClient::List(const ListOptions& options) const {
  QueryBuilder query;
  AddListQuery(options, query);
  EKS_ASSIGN_OR_RETURN(Json doc, Send(http::Verb::get, Path() + query.str()));
  ObjectList list;
  list.resource_version = std::string(StringAt(doc, "metadata.resourceVersion"));
  list.continue_token = std::string(StringAt(doc, "metadata.continue"));
  list.remaining_item_count = IntAt(doc, "metadata.remainingItemCount");
  std::string_view list_kind = StringAt(doc, "kind");
  std::string_view kind = list_kind.size() > 4 && list_kind.substr(list_kind.size() - 4) == "List"
                              ? list_kind.substr(0, list_kind.size() - 4)
                              : std::string_view();
  std::string api_version(StringAt(doc, "apiVersion"));
  std::string item_kind(kind);
  if (JsonValue* items = Member(doc, "items"); items && items->IsArray()) {
    list.items.reserve(items->Size());
    for (JsonValue& item : items->GetArray()) {
      list.items.push_back(
          FreezeItem(item, item_kind, api_version, options.transform, doc.GetAllocator()));
    }
  }
  return list;
}

StatusOr<ObjectList> ResourceClient::ListAll(ListOptions options, int64_t page_size) const {
  options.limit = page_size;
  options.continue_token.clear();
  ObjectList all;
  while (true) {
    auto page = List(options);
    if (!page.ok()) {
      if (!page.status().IsExpired() || options.continue_token.empty()) return page.status();
      // The snapshot the pages came from is gone: read everything at once.
      options.limit = 0;
      options.continue_token.clear();
      all.items.clear();
      continue;
    }
    for (ObjectPtr& item : page->items) all.items.push_back(std::move(item));
    all.resource_version = page->resource_version;
    if (page->continue_token.empty()) return all;
    options.continue_token = page->continue_token;
  }
}

StatusOr<Json> ResourceClient::Create(const JsonValue& object, const WriteOptions& options) const {
  QueryBuilder query;
  AddWriteQuery(options, query);
  return Send(http::Verb::post, Path() + query.str(), ToJsonString(object));
}

StatusOr<Json> ResourceClient::Update(const JsonValue& object, const WriteOptions& options) const {
  EKS_ASSIGN_OR_RETURN(std::string_view name, RequireName(api::GetName(object)));
  return UpdateSubresource(name, "", object, options);
}

StatusOr<Json> ResourceClient::UpdateStatus(const JsonValue& object,
                                            const WriteOptions& options) const {
  EKS_ASSIGN_OR_RETURN(std::string_view name, RequireName(api::GetName(object)));
  return UpdateSubresource(name, "status", object, options);
}

StatusOr<Json> ResourceClient::Patch(std::string_view name, PatchType type, std::string_view patch,
                                     const WriteOptions& options,
                                     std::string_view subresource) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  QueryBuilder query;
  AddWriteQuery(options, query);
  return Send(http::Verb::patch, Path(name, subresource) + query.str(), std::string(patch),
              PatchContentType(type));
}

StatusOr<Json> ResourceClient::Apply(const JsonValue& object, const ApplyOptions& options) const {
  EKS_ASSIGN_OR_RETURN(std::string_view name, RequireName(api::GetName(object)));
  if (options.field_manager.empty()) {
    return Status::BadRequest("server-side apply needs a field manager");
  }
  QueryBuilder query;
  query.Add("fieldManager", options.field_manager);
  if (options.force) query.Add("force", "true");
  if (options.dry_run) query.Add("dryRun", "All");
  // JSON is YAML, so the object goes as it is.
  return Send(http::Verb::patch, Path(name) + query.str(), ToJsonString(object),
              PatchContentType(PatchType::kApply));
}

StatusOr<Json> ResourceClient::Delete(std::string_view name, const DeleteOptions& options) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  return Send(http::Verb::delete_, Path(name), DeleteOptionsJson(options));
}

Status ResourceClient::DeleteCollection(const DeleteOptions& options,
                                        const ListOptions& list_options) const {
  QueryBuilder query;
  AddListQuery(list_options, query);
  return Send(http::Verb::delete_, Path() + query.str(), DeleteOptionsJson(options)).status();
}

StatusOr<Json> ResourceClient::GetSubresource(std::string_view name,
                                              std::string_view subresource) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  return Send(http::Verb::get, Path(name, subresource));
}

StatusOr<Json> ResourceClient::UpdateSubresource(std::string_view name,
                                                 std::string_view subresource,
                                                 const JsonValue& body,
                                                 const WriteOptions& options) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  QueryBuilder query;
  AddWriteQuery(options, query);
  return Send(http::Verb::put, Path(name, subresource) + query.str(), ToJsonString(body));
}

StatusOr<Json> ResourceClient::CreateSubresource(std::string_view name,
                                                 std::string_view subresource,
                                                 const JsonValue& body,
                                                 const WriteOptions& options) const {
  EKS_RETURN_IF_ERROR(RequireName(name).status());
  QueryBuilder query;
  AddWriteQuery(options, query);
  return Send(http::Verb::post, Path(name, subresource) + query.str(), ToJsonString(body));
}

Status ResourceClient::Watch(const ListOptions& options, const WatchHandler& on_event,
                             CancelToken* cancel) const {
  QueryBuilder query;
  query.Add("watch", "true");
  AddListQuery(options, query);
  if (options.timeout_seconds > 0) {
    query.Add("timeoutSeconds", std::to_string(options.timeout_seconds));
  }
  if (options.allow_watch_bookmarks) query.Add("allowWatchBookmarks", "true");
  http::Request request(http::Verb::get, Path() + query.str(), 11);
  request.set(http::Field::accept, "application/json");
  request.prepare_payload();

  Status failure;  // an ERROR event or a malformed line ends the watch
  auto on_line = [&](std::string_view line) {
    WatchEvent event;
    failure = ParseWatchEvent(line, options.transform, &event);
    return failure.ok() && on_event(event);
  };
  EKS_ASSIGN_OR_RETURN(http::HeadResponse head, transport_->Stream(request, on_line, cancel));
  EKS_RETURN_IF_ERROR(StatusFromResponse(head));
  return failure;
}

}  // namespace ekslite::client
