#include "apiserver/cache/cache_watcher.h"

namespace ekslite::apiserver {

CacheWatcher::CacheWatcher(ObjectFilter filter, size_t capacity, int64_t after_revision)
    : filter_(std::move(filter)), capacity_(capacity), after_revision_(after_revision) {}

void CacheWatcher::Offer(const CacheEvent& event) {
  if (event.revision <= after_revision_) return;
  auto matches = [this](const ObjectPtr& o) { return o != nullptr && (!filter_ || filter_(*o)); };
  bool now = matches(event.object);
  bool before = matches(event.prev);
  CacheEvent out = event;
  switch (event.type) {
    case CacheEvent::Type::kAdded:
      if (!now) return;
      break;
    case CacheEvent::Type::kModified:
      if (now && !before) {
        out.type = CacheEvent::Type::kAdded;
      } else if (!now && before) {
        out.type = CacheEvent::Type::kDeleted;
      } else if (!now) {
        return;
      }
      break;
    case CacheEvent::Type::kDeleted:
      if (!before) return;
      break;
    case CacheEvent::Type::kBookmark:
      break;
  }
  Push(std::move(out));
}

void CacheWatcher::Push(CacheEvent event) {
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    PushLocked(std::move(event), &wake);
  }
  if (wake) wake();
}

void CacheWatcher::PushLocked(CacheEvent event, std::function<void()>* wake) {
  if (closed_ || ended_) return;
  if (queue_.size() >= capacity_) {
    ended_ = true;  // too slow: end the watch rather than grow without bound
  } else {
    queue_.push_back(std::move(event));
  }
  *wake = std::move(wake_);
  wake_ = nullptr;
}

void CacheWatcher::End() {
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  if (wake) wake();
}

bool CacheWatcher::Take(std::vector<CacheEvent>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& e : queue_) out->push_back(std::move(e));
  queue_.clear();
  return !(ended_ || closed_) || !out->empty();
}

void CacheWatcher::OnReady(std::function<void()> wake) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty() && !ended_ && !closed_) {
      wake_ = std::move(wake);
      return;
    }
  }
  wake();
}

void CacheWatcher::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  queue_.clear();
  wake_ = nullptr;
}

bool CacheWatcher::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

}  // namespace ekslite::apiserver
