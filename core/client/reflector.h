// Reflector: keeps a store in step with one resource on the server — list,
// then watch from the list's resourceVersion; when the watch ends, watch
// again from the last version seen; when that version is too old (410
// Expired), list again. Bookmarks are requested so that a quiet, filtered
// watch still advances its version. Errors back off exponentially.
#ifndef EKSLITE_CORE_CLIENT_REFLECTOR_H_
#define EKSLITE_CORE_CLIENT_REFLECTOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/object.h"
#include "core/clock.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

class CancelToken;

// Where a reflector delivers what it learns. Called on the reflector's
// thread, one call at a time.
class ReflectorSink {
 public:
  virtual ~ReflectorSink() = default;
  // The complete current set of objects (after a list).
  virtual void Replace(std::vector<ObjectPtr> objects, const std::string& resource_version) = 0;
  // One watch event: kAdded, kModified or kDeleted (never a bookmark).
  virtual void Apply(const WatchEvent& event) = 0;
};

struct ReflectorOptions {
  GroupVersionResource resource;
  std::string ns;  // "" = every namespace
  std::string label_selector;
  std::string field_selector;
  // Lists are read in pages of this many objects (0 = all at once).
  int64_t page_size = 500;
  // Each watch asks the server to end it after a random time between this
  // and twice this, so that many clients do not re-watch together.
  std::chrono::seconds min_watch_timeout{300};
  // Retries after errors wait initial_backoff, doubling up to max_backoff.
  std::chrono::milliseconds initial_backoff{800};
  std::chrono::milliseconds max_backoff{30000};
  ObjectTransform transform;  // applied to each object before it is stored
  Clock* clock = &RealClock();
  uint32_t seed = 0;  // for the watch timeouts; 0 = random
};

class Reflector {
 public:
  // `client` and `sink` must outlive the reflector.
  Reflector(const DynamicClient& client, ReflectorOptions options, ReflectorSink& sink);

  // Lists and watches until `cancel` fires. Blocks; call on a thread of its
  // own. Never fails: errors are logged and retried.
  void Run(CancelToken& cancel);

  // The resourceVersion of the last list or event seen ("" before the
  // first list). Thread-safe.
  std::string LastSyncResourceVersion() const;
  // How many lists have completed (relists included). Thread-safe.
  int64_t list_count() const { return lists_.load(); }

 private:
  // One list followed by watches until one fails. kExpired means "list
  // again now"; other errors back off first.
  Status ListAndWatch(CancelToken& cancel);
  Status List();
  // Watches from the last version until the watch ends or fails.
  Status WatchOnce(CancelToken& cancel);
  void SetResourceVersion(std::string_view rv);

  const ReflectorOptions options_;
  ReflectorSink& sink_;
  ResourceClient resource_;
  uint32_t rng_state_;
  mutable std::mutex mu_;
  std::string resource_version_ GUARDED_BY(mu_);
  std::atomic<int64_t> lists_{0};
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_REFLECTOR_H_
