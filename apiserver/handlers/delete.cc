#include "apiserver/handlers/body.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

// What a completed delete answers: the object for resources that return it
// (pods, service accounts) and for deletions that wait (finalizers, grace
// periods); otherwise a Success Status naming the object.
http::Response DeletedResponse(const RequestScope& scope, const WriteResult& r) {
  if (!r.deleted || scope.resource.return_deleted_object) {
    auto output = NegotiateOutput(scope);
    if (!output.ok()) return StatusResponse(output.status());
    return ObjectResponse(scope, *output, r.json, 200);
  }
  StatusDetails d;
  d.name = scope.info.name;
  d.group = scope.resource.group;
  d.kind = scope.resource.resource;
  d.uid = r.deleted_uid;
  return StatusResponse(Status(Code::kOk, "", std::move(d)));
}

}  // namespace

http::Response HandleDelete(const RequestScope& scope) {
  auto options = DecodeDeleteOptions(scope);
  if (!options.ok()) return StatusResponse(options.status());
  auto result = scope.registry.Delete(StoredResource(scope), scope.info.namespace_, scope.info.name,
                                      *options);
  if (!result.ok()) return StatusResponse(result.status());
  return DeletedResponse(scope, *result);
}

http::Response HandleDeleteCollection(const RequestScope& scope) {
  auto options = DecodeDeleteOptions(scope);
  if (!options.ok()) return StatusResponse(options.status());
  auto begin = BeginCollectionRead(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  CacheListOptions list;
  list.prefix = begin->selection.prefix;
  list.filter = begin->selection.filter;
  auto items = begin->cache->List(list);
  if (!items.ok()) return StatusResponse(items.status());
  ListPage page;
  page.resource_version = std::to_string(items->revision);
  for (const ObjectPtr& o : items->items) {
    auto r =
        scope.registry.Delete(StoredResource(scope), o->index.namespace_, o->index.name, *options);
    if (!r.ok() && !r.status().IsNotFound()) return StatusResponse(r.status());
    if (r.ok()) {
      auto parsed = std::make_shared<CachedObject>();
      parsed->json = r->json;
      page.items.push_back(std::move(parsed));
    }
  }
  return ListResponse(scope, begin->output, page);
}

}  // namespace ekslite::apiserver
