// Expectations: what a controller is waiting to see in its informer cache
// after it created or deleted objects (upstream's ControllerExpectations).
// Until the creations and deletions it asked for have been observed (or five
// minutes pass, in case a watch event was lost), the controller must not act
// on its stale cache again, or it would create the same pods twice.
//
// Keys are the controller's object keys ("namespace/name"). Thread-safe.
#ifndef EKSLITE_CONTROLLERS_COMMON_EXPECTATIONS_H_
#define EKSLITE_CONTROLLERS_COMMON_EXPECTATIONS_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/thread_annotations.h"

namespace ekslite::controllers {

class Expectations {
 public:
  // Upstream's ExpectationsTimeout.
  static constexpr std::chrono::minutes kTimeout{5};

  explicit Expectations(const Clock& clock) : clock_(clock) {}

  // True when `key` expects nothing more, its expectations expired, or it
  // never set any: the controller may sync from the cache.
  bool Satisfied(const std::string& key);
  // Replaces `key`'s expectations: `adds` creations and `dels` deletions.
  void Expect(const std::string& key, int adds, int dels);
  // One expected creation / deletion was seen (or will never happen, e.g.
  // the create failed).
  void CreationObserved(const std::string& key) { Lower(key, 1, 0); }
  void DeletionObserved(const std::string& key) { Lower(key, 0, 1); }
  // Forgets `key` (its object was deleted).
  void Delete(const std::string& key);

 private:
  struct Entry {
    int adds = 0;
    int dels = 0;
    std::chrono::steady_clock::time_point set_at;
  };
  void Lower(const std::string& key, int adds, int dels);

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_ GUARDED_BY(mu_);
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_COMMON_EXPECTATIONS_H_
