#include "apiserver/handlers/continue_token.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

Status ContinueTooOld() {
  return Status::Expired(
      "The provided continue parameter is too old to display a consistent list result. You can "
      "start a new list without the continue parameter, or use the continue token in this "
      "response to retrieve the remainder of the results. Continuing with the provided token "
      "results in an inconsistent list - objects that were created, modified, or deleted "
      "between the time the first chunk was returned and now may show up in the list.");
}

StatusOr<int64_t> ParseRevision(const std::string& text) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 0) {
    return Status::BadRequest("resourceVersion: Invalid value: \"" + text +
                              "\": strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
  }
  return static_cast<int64_t>(v);
}

// Fills the page's continue token and revision; the options' start key and
// revision from the request's continue token or resourceVersion.
StatusOr<CacheListOptions> ListOptionsFor(const RequestScope& scope, const Selection& sel,
                                          const std::string& key_prefix,
                                          int64_t* carried_remaining) {
  CacheListOptions o;
  o.prefix = sel.prefix;
  o.filter = sel.filter;
  const Query& q = scope.info.query;
  if (auto limit = q.Get("limit")) {
    EKS_ASSIGN_OR_RETURN(o.limit, ParseRevision(*limit));
  }
  std::string cont = q.GetOr("continue", "");
  std::string rv = q.GetOr("resourceVersion", "");
  if (!cont.empty()) {
    if (!rv.empty() && rv != "0") {
      return Status::BadRequest("specifying resource version is not allowed when using continue");
    }
    EKS_ASSIGN_OR_RETURN(ContinueToken token, DecodeContinue(cont));
    o.revision = token.revision;
    o.start_key = key_prefix + token.start;
    o.count_remaining = token.remaining < 0;
    *carried_remaining = token.remaining;
    return o;
  }
  if (!rv.empty() && q.GetOr("resourceVersionMatch", "") == "Exact") {
    EKS_ASSIGN_OR_RETURN(o.revision, ParseRevision(rv));
  } else if (!rv.empty()) {
    EKS_RETURN_IF_ERROR(ParseRevision(rv).status());
  }
  return o;
}

}  // namespace

http::Response HandleList(const RequestScope& scope) {
  auto begin = BeginCollectionRead(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  ResourceCache* cache = begin->cache;
  int64_t carried = -1;  // the remaining count a continue token carried
  auto options = ListOptionsFor(scope, begin->selection, cache->prefix(), &carried);
  if (!options.ok()) return StatusResponse(options.status());
  auto result = cache->List(*options);
  if (!result.ok()) {
    return StatusResponse(scope.info.query.Has("continue") ? ContinueTooOld() : result.status());
  }
  ListPage page;
  page.items = std::move(result->items);
  page.resource_version = std::to_string(result->revision);
  if (!result->next_key.empty()) {
    page.continue_token =
        EncodeContinue({result->revision, result->next_key.substr(cache->prefix().size())});
    page.remaining = result->remaining;
  }
  return ListResponse(scope, begin->output, page);
}

}  // namespace ekslite::apiserver
