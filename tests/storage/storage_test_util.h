// Helpers for the storage tests: a temporary directory, a fake clock, an
// event recorder and a polling wait.
#ifndef EKSLITE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
#define EKSLITE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "storage/store.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::storage::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/ekslite-storage-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

using ekslite::testing::FakeClock;

// Collects events from a sink. Thread-safe.
class EventRecorder {
 public:
  EventSink Sink() {
    return [this](const Event& event) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(event);
      last_revision_.store(event.revision);
    };
  }
  std::vector<Event> Events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  int64_t LastRevision() const { return last_revision_.load(); }

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
  std::atomic<int64_t> last_revision_{0};
};

// Polls `done` every millisecond for up to `timeout`; returns its last value.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// The size of `path` in bytes, 0 if it does not exist.
inline int64_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

}  // namespace ekslite::storage::testing

#endif  // EKSLITE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
