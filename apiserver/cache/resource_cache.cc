#include "apiserver/cache/resource_cache.h"

#include <algorithm>

namespace ekslite::apiserver {
namespace {

bool HasPrefix(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

Status TooOld(int64_t revision, int64_t oldest) {
  return Status::Expired("too old resource version: " + std::to_string(revision) + " (" +
                         std::to_string(oldest) + ")");
}

}  // namespace

ResourceCache::ResourceCache(std::string prefix, EntryBuilder builder,
                             std::atomic<int64_t>* applied, size_t history_capacity)
    : prefix_(std::move(prefix)),
      builder_(std::move(builder)),
      applied_(applied),
      history_capacity_(std::max<size_t>(history_capacity, 1)) {}

void ResourceCache::Load(const std::vector<storage::KeyValue>& items, int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const storage::KeyValue& kv : items) {
    if (ObjectPtr obj = builder_(kv.key, kv.value, kv.mod_revision)) objects_[kv.key] = obj;
  }
  history_start_ = revision;
}

void ResourceCache::Apply(const storage::Event& event) {
  CacheEvent ce;
  ce.revision = event.revision;
  switch (event.type) {
    case storage::Event::Type::kCreated:
      ce.type = CacheEvent::Type::kAdded;
      ce.object = builder_(event.key, event.value, event.revision);
      break;
    case storage::Event::Type::kUpdated:
      ce.type = CacheEvent::Type::kModified;
      ce.object = builder_(event.key, event.value, event.revision);
      break;
    case storage::Event::Type::kDeleted:
      ce.type = CacheEvent::Type::kDeleted;
      // The last state, carrying the deletion's revision.
      ce.object = builder_(event.key, event.prev_value, event.revision);
      break;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(event.key);
  if (it != objects_.end()) ce.prev = it->second;
  if (ce.object != nullptr) {
    if (ce.type == CacheEvent::Type::kDeleted) {
      if (it != objects_.end()) objects_.erase(it);
    } else {
      objects_[event.key] = ce.object;
    }
    Record(ce);
    for (auto w = watchers_.begin(); w != watchers_.end();) {
      std::shared_ptr<CacheWatcher> watcher = w->watcher.lock();
      if (watcher == nullptr || watcher->closed()) {
        w = watchers_.erase(w);
        continue;
      }
      if (HasPrefix(event.key, w->prefix)) watcher->Offer(ce);
      ++w;
    }
  }
  // Only the dispatcher writes applied_; events replayed after a live load are
  // older than it, and it never moves back.
  if (event.revision > applied_->load()) applied_->store(event.revision);
}

void ResourceCache::Record(CacheEvent event) {
  history_.push_back(std::move(event));
  while (history_.size() > history_capacity_) {
    history_start_ = history_.front().revision;
    history_.pop_front();
  }
}

ObjectPtr ResourceCache::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : it->second;
}

size_t ResourceCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return objects_.size();
}

StatusOr<CacheListResult> ResourceCache::List(const CacheListOptions& options) const {
  CacheListResult out;
  std::lock_guard<std::mutex> lock(mu_);
  int64_t current = applied_->load();
  if (options.revision != 0 && options.revision < current && options.revision < history_start_) {
    return TooOld(options.revision, history_start_);
  }
  out.revision = options.revision != 0 && options.revision < current ? options.revision : current;
  ListAt(options, &out);
  return out;
}

// Lists as of out->revision: the current objects, with every change after that
// revision undone from the history. EXCLUSIVE_LOCKS_REQUIRED(mu_).
bool ResourceCache::ListAt(const CacheListOptions& options, CacheListResult* out) const {
  // Keys changed after the revision, mapped to their state at the revision
  // (null: did not exist then).
  std::map<std::string, ObjectPtr> undone;
  for (auto it = history_.rbegin(); it != history_.rend() && it->revision > out->revision; ++it) {
    if (!HasPrefix(it->object->key, options.prefix)) continue;
    undone[it->object->key] = it->type == CacheEvent::Type::kAdded ? nullptr : it->prev;
  }
  const std::string& start = std::max(options.start_key, options.prefix);
  auto cur = objects_.lower_bound(start);
  auto und = undone.lower_bound(start);
  int64_t matched_after_limit = 0;
  bool count_rest = !options.filter && options.count_remaining;
  while (true) {
    bool cur_ok = cur != objects_.end() && HasPrefix(cur->first, options.prefix);
    bool und_ok = und != undone.end();
    if (!cur_ok && !und_ok) break;
    ObjectPtr obj;
    if (und_ok && (!cur_ok || und->first <= cur->first)) {
      if (cur_ok && cur->first == und->first) ++cur;
      obj = (und++)->second;
    } else {
      obj = (cur++)->second;
    }
    if (obj == nullptr || (options.filter && !options.filter(*obj))) continue;
    if (options.limit > 0 && static_cast<int64_t>(out->items.size()) >= options.limit) {
      if (out->next_key.empty()) out->next_key = out->items.back()->key + '\0';
      if (!count_rest) break;
      ++matched_after_limit;
      continue;
    }
    out->items.push_back(std::move(obj));
  }
  out->remaining = out->next_key.empty() ? 0 : (count_rest ? matched_after_limit : -1);
  return true;
}

StatusOr<std::shared_ptr<CacheWatcher>> ResourceCache::Watch(const std::string& prefix,
                                                             int64_t revision, bool initial,
                                                             ObjectFilter filter,
                                                             size_t queue_capacity) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t current = applied_->load();
  if (!initial && revision < current && revision < history_start_) {
    return TooOld(revision, history_start_);
  }
  // Initial events may exceed the usual queue capacity.
  size_t capacity = queue_capacity + (initial ? objects_.size() : 0);
  auto watcher =
      std::make_shared<CacheWatcher>(std::move(filter), capacity, initial ? current : revision);
  if (initial) {
    for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
      if (!HasPrefix(it->first, prefix)) break;
      if (watcher->filter() && !watcher->filter()(*it->second)) continue;
      watcher->Push(
          CacheEvent{CacheEvent::Type::kAdded, it->second->revision, it->second, nullptr});
    }
  } else {
    for (const CacheEvent& e : history_) {
      if (e.revision > revision && HasPrefix(e.object->key, prefix)) watcher->Offer(e);
    }
  }
  watchers_.push_back(Registered{prefix, watcher});
  return watcher;
}

void ResourceCache::Bookmark(const std::shared_ptr<CacheWatcher>& watcher) {
  std::lock_guard<std::mutex> lock(mu_);
  // Under the lock no event of this resource is half-applied, so every change
  // up to the applied revision has been offered to the watcher already.
  watcher->Push(CacheEvent{CacheEvent::Type::kBookmark, applied_->load(), nullptr, nullptr});
}

void ResourceCache::EndWatches() {
  std::lock_guard<std::mutex> lock(mu_);
  for (Registered& r : watchers_) {
    if (auto w = r.watcher.lock()) w->End();
  }
  watchers_.clear();
}

}  // namespace ekslite::apiserver
