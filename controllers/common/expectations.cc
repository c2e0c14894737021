#include "controllers/common/expectations.h"

namespace ekslite::controllers {

bool Expectations::Satisfied(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return true;
  const Entry& entry = it->second;
  if (entry.adds <= 0 && entry.dels <= 0) return true;
  return clock_.Monotonic() - entry.set_at > kTimeout;
}

void Expectations::Expect(const std::string& key, int adds, int dels) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[key] = Entry{adds, dels, clock_.Monotonic()};
}

void Expectations::Lower(const std::string& key, int adds, int dels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.adds -= adds;
  it->second.dels -= dels;
}

void Expectations::Delete(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(key);
}

}  // namespace ekslite::controllers
