#include "apiserver/handlers/body.h"
#include "apiserver/handlers/output.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/handlers/selection.h"
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
  auto result =
      scope.registry.Delete(scope.resource, scope.info.namespace_, scope.info.name, *options);
  if (!result.ok()) return StatusResponse(result.status());
  return DeletedResponse(scope, *result);
}

http::Response HandleDeleteCollection(const RequestScope& scope) {
  auto options = DecodeDeleteOptions(scope);
  if (!options.ok()) return StatusResponse(options.status());
  auto sel = SelectionFor(scope);
  if (!sel.ok()) return StatusResponse(sel.status());
  ResourceCache* cache = scope.registry.CacheFor(scope.resource);
  CacheListOptions list;
  list.prefix = sel->prefix;
  list.filter = sel->filter;
  auto items = cache->List(list);
  if (!items.ok()) return StatusResponse(items.status());
  ListPage page;
  page.resource_version = std::to_string(items->revision);
  for (const ObjectPtr& o : items->items) {
    auto r = scope.registry.Delete(scope.resource, o->index.namespace_, o->index.name, *options);
    if (!r.ok() && !r.status().IsNotFound()) return StatusResponse(r.status());
    if (r.ok()) {
      auto parsed = std::make_shared<CachedObject>();
      parsed->json = r->json;
      page.items.push_back(std::move(parsed));
    }
  }
  Output json;
  return ListResponse(scope, json, page);
}

}  // namespace ekslite::apiserver
