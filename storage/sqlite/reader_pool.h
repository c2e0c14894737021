// ReaderPool: a bounded set of LogReaders (read connections) shared by the
// threads that read the store. Readers are opened on demand, up to the limit;
// past it, callers wait for one to be returned.
#ifndef EKSLITE_STORAGE_SQLITE_READER_POOL_H_
#define EKSLITE_STORAGE_SQLITE_READER_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/sqlite/log_reader.h"
#include "storage/sqlite/schema.h"
#include "core/thread_annotations.h"

namespace ekslite::storage::sqlite {

class ReaderPool {
 public:
  // A reader lent to one thread; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<LogReader> reader)
        : pool_(pool), reader_(std::move(reader)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (reader_) pool_->Return(std::move(reader_));
    }
    LogReader* operator->() const { return reader_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<LogReader> reader_;
  };

  // `max_readers` >= 1. Opens no connection yet.
  ReaderPool(std::string path, ConnectionSettings settings, int max_readers);
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;
  // All leases must have been returned.
  ~ReaderPool() = default;

  // Lends a reader, opening one if none is idle and the limit allows, else
  // waiting. Fails only when opening a connection fails. Thread-safe.
  StatusOr<Lease> Acquire();

 private:
  void Return(std::unique_ptr<LogReader> reader);

  const std::string path_;
  const ConnectionSettings settings_;
  const int max_readers_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<LogReader>> idle_ GUARDED_BY(mu_);
  int open_ GUARDED_BY(mu_) = 0;  // idle + lent
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_READER_POOL_H_
