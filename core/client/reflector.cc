#include "core/client/reflector.h"

#include <algorithm>
#include <random>

#include "core/api/object_meta.h"
#include "core/client/cancel_token.h"
#include "core/log.h"

namespace ekslite::client {
namespace {

std::string Describe(const ReflectorOptions& o) {
  std::string d = o.resource.ApiVersion() + "/" + o.resource.resource;
  if (!o.ns.empty()) d += " in " + o.ns;
  if (!o.label_selector.empty()) d += " labels " + o.label_selector;
  if (!o.field_selector.empty()) d += " fields " + o.field_selector;
  return d;
}

// Transport-level failures of a watch leave the version valid: watch again
// from it instead of listing everything again.
bool KeepsVersion(const Status& s) {
  return s.code() == Code::kUnavailable || s.code() == Code::kTimeout ||
         s.code() == Code::kTooManyRequests;
}

}  // namespace

Reflector::Reflector(const DynamicClient& client, ReflectorOptions options, ReflectorSink& sink)
    : options_(std::move(options)),
      sink_(sink),
      resource_(client.Resource(options_.resource, options_.ns)),
      rng_state_(options_.seed != 0 ? options_.seed : std::random_device{}()) {}

std::string Reflector::LastSyncResourceVersion() const {
  std::lock_guard<std::mutex> lock(mu_);
  return resource_version_;
}

void Reflector::SetResourceVersion(std::string_view rv) {
  if (rv.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  resource_version_ = std::string(rv);
}

void Reflector::Run(CancelToken& cancel) {
  auto log = Logger("client");
  std::chrono::milliseconds backoff = options_.initial_backoff;
  while (!cancel.cancelled()) {
    Status s = ListAndWatch(cancel);
    if (cancel.cancelled()) break;
    if (s.IsExpired()) {
      log->info("reflector {}: {}; listing again", Describe(options_), s.message());
      backoff = options_.initial_backoff;
      continue;
    }
    log->warn("reflector {}: {}; retrying in {} ms", Describe(options_), s.ToString(),
              backoff.count());
    if (!cancel.SleepFor(*options_.clock, backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

Status Reflector::ListAndWatch(CancelToken& cancel) {
  EKS_RETURN_IF_ERROR(List());
  std::chrono::milliseconds backoff = options_.initial_backoff;
  while (!cancel.cancelled()) {
    Status s = WatchOnce(cancel);
    if (s.ok() || cancel.cancelled()) {
      backoff = options_.initial_backoff;
      continue;
    }
    if (!KeepsVersion(s)) return s;
    Logger("client")->warn("reflector {}: watch failed: {}; watching again in {} ms",
                           Describe(options_), s.ToString(), backoff.count());
    if (!cancel.SleepFor(*options_.clock, backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return Status::Ok();
}

Status Reflector::List() {
  ListOptions o;
  o.label_selector = options_.label_selector;
  o.field_selector = options_.field_selector;
  o.transform = options_.transform;
  StatusOr<ObjectList> list =
      options_.page_size > 0 ? resource_.ListAll(o, options_.page_size) : resource_.List(o);
  if (!list.ok()) return list.status();
  SetResourceVersion(list->resource_version);
  lists_.fetch_add(1);  // before the sink marks the informer synced
  sink_.Replace(std::move(list->items), list->resource_version);
  return Status::Ok();
}

Status Reflector::WatchOnce(CancelToken& cancel) {
  ListOptions o;
  o.label_selector = options_.label_selector;
  o.field_selector = options_.field_selector;
  o.transform = options_.transform;
  o.resource_version = LastSyncResourceVersion();
  o.allow_watch_bookmarks = true;
  std::minstd_rand rng(rng_state_);
  rng_state_ = static_cast<uint32_t>(rng());
  int64_t min_seconds = std::max<int64_t>(1, options_.min_watch_timeout.count());
  o.timeout_seconds =
      min_seconds + static_cast<int64_t>(rng() % static_cast<uint32_t>(min_seconds));
  return resource_.Watch(
      o,
      [this, &cancel](const WatchEvent& event) {
        if (event.type != WatchEvent::Type::kBookmark) sink_.Apply(event);
        SetResourceVersion(api::GetResourceVersion(*event.object));
        return !cancel.cancelled();
      },
      &cancel);
}

}  // namespace ekslite::client
