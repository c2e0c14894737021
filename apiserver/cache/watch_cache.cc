#include "apiserver/cache/watch_cache.h"

#include <malloc.h>

#include "core/log.h"

namespace ekslite::apiserver {

std::string ResourcePrefix(const std::string& key) {
  // Keys are /<group>/<resource>/[<namespace>/]<name>: the prefix ends at the
  // third '/'.
  size_t second = key.find('/', 1);
  size_t third = second == std::string::npos ? second : key.find('/', second + 1);
  return third == std::string::npos ? std::string() : key.substr(0, third + 1);
}

WatchCache::WatchCache(storage::Store& store, size_t history_capacity)
    : store_(store), history_capacity_(history_capacity) {}

WatchCache::~WatchCache() { Stop(); }

ResourceCache* WatchCache::AddResource(const std::string& prefix, EntryBuilder builder) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = caches_[prefix];
  if (slot == nullptr) {
    slot =
        std::make_unique<ResourceCache>(prefix, std::move(builder), &applied_, history_capacity_);
  }
  return slot.get();
}

StatusOr<ResourceCache*> WatchCache::AddResourceLive(const std::string& prefix,
                                                     EntryBuilder builder) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = caches_.find(prefix); it != caches_.end()) return it->second.get();
    if (loading_.count(prefix) != 0)
      return Status::Unavailable("resource " + prefix + " is loading");
    loading_[prefix];  // Dispatch buffers this prefix's events from now on
  }
  // Listing without mu_: the store's writer may be waiting in Dispatch.
  auto list = store_.List(prefix, storage::ListOptions{});
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<storage::Event> buffered = std::move(loading_[prefix]);
  loading_.erase(prefix);
  if (!list.ok()) return list.status();
  auto cache =
      std::make_unique<ResourceCache>(prefix, std::move(builder), &applied_, history_capacity_);
  cache->Load(list->items, list->revision);
  for (const storage::Event& e : buffered) {
    if (e.revision > list->revision) cache->Apply(e);
  }
  ResourceCache* raw = cache.get();
  caches_[prefix] = std::move(cache);
  return raw;
}

Status WatchCache::Start() {
  int64_t revision = 0;
  size_t loaded = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    EKS_ASSIGN_OR_RETURN(storage::ListResult all, store_.List("/", storage::ListOptions{}));
    revision = all.revision;
    loaded = all.items.size();
    // Each object moves to its resource's share; the list is then freed.
    std::map<std::string, std::vector<storage::KeyValue>> shares;
    for (storage::KeyValue& kv : all.items) {
      std::string prefix = ResourcePrefix(kv.key);
      if (caches_.count(prefix) != 0) shares[prefix].push_back(std::move(kv));
    }
    all.items = {};
    for (auto& [prefix, cache] : caches_) {
      cache->Load(shares[prefix], revision);
      shares[prefix] = {};
    }
    applied_.store(revision);
  }
  // Hand the list's memory back rather than keep it in malloc's free lists.
  malloc_trim(0);
  // Not under mu_: WatchFrom may replay writes made since the list through
  // Dispatch on this thread.
  EKS_ASSIGN_OR_RETURN(
      watch_, store_.WatchFrom("/", revision, [this](const storage::Event& e) { Dispatch(e); }));
  Logger("apiserver")->info("watch cache loaded {} objects at revision {}", loaded, revision);
  return Status::Ok();
}

void WatchCache::Stop() {
  watch_.reset();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [prefix, cache] : caches_) cache->EndWatches();
}

ResourceCache* WatchCache::Find(const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = caches_.find(prefix);
  return it == caches_.end() ? nullptr : it->second.get();
}

void WatchCache::Dispatch(const storage::Event& event) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string prefix = ResourcePrefix(event.key);
  if (auto it = caches_.find(prefix); it != caches_.end()) {
    it->second->Apply(event);  // advances applied_ under the cache's lock
    return;
  }
  if (auto it = loading_.find(prefix); it != loading_.end()) it->second.push_back(event);
  applied_.store(event.revision);
}

}  // namespace ekslite::apiserver
