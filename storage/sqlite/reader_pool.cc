#include "storage/sqlite/reader_pool.h"

#include <algorithm>
#include <utility>

namespace ekslite::storage::sqlite {

ReaderPool::ReaderPool(std::string path, ConnectionSettings settings, int max_readers)
    : path_(std::move(path)), settings_(settings), max_readers_(std::max(1, max_readers)) {}

StatusOr<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_readers_; });
    if (!idle_.empty()) {
      std::unique_ptr<LogReader> reader = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(reader));
    }
    ++open_;  // reserve the slot; the connection is opened outside the lock
  }
  StatusOr<std::unique_ptr<LogReader>> reader = LogReader::Open(path_, settings_);
  if (!reader.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    returned_.notify_one();
    return reader.status();
  }
  return Lease(this, std::move(reader).value());
}

void ReaderPool::Return(std::unique_ptr<LogReader> reader) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(reader));
  returned_.notify_one();
}

}  // namespace ekslite::storage::sqlite
