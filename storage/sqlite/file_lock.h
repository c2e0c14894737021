// FileLock: an exclusive advisory lock (flock) on a file, held while the
// object lives. The sqlite store holds one on "<path>-lock" so that a second
// process (or a second store in this one) cannot open the same database: the
// store assigns revisions in memory and must be the file's only writer. The
// kernel drops the lock when the process dies, so kill -9 leaves none behind.
#ifndef EKSLITE_STORAGE_SQLITE_FILE_LOCK_H_
#define EKSLITE_STORAGE_SQLITE_FILE_LOCK_H_

#include <string>

#include "core/status.h"

namespace ekslite::storage::sqlite {

class FileLock {
 public:
  // Creates `path` if needed and locks it without waiting. Returns
  // kUnavailable when someone else holds the lock, kInternal on I/O errors.
  static StatusOr<FileLock> Acquire(const std::string& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();  // unlocks; the file stays

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ekslite::storage::sqlite

#endif  // EKSLITE_STORAGE_SQLITE_FILE_LOCK_H_
