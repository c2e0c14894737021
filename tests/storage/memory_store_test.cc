// MemoryStore specifics; the Store contract itself is in
// store_conformance_test.cc, which runs against this backend too.
#include "storage/memory_store.h"

#include <gtest/gtest.h>

#include "tests/storage/storage_test_util.h"

namespace ekslite::storage {
namespace {

using testing::EventRecorder;

TEST(MemoryStoreTest, StoresAreIndependent) {
  auto a = NewMemoryStore();
  auto b = NewMemoryStore();
  ASSERT_TRUE(a->Create("/k", "1").ok());
  EXPECT_TRUE(b->Get("/k").status().IsNotFound());
  EXPECT_EQ(b->CurrentRevision(), 0);
}

TEST(MemoryStoreTest, CompactionFreesSupersededRowsButNotTheirSuccessorsPrevValues) {
  auto store = NewMemoryStore();
  int64_t r = *store->Create("/k", "0");
  for (int i = 1; i <= 10; ++i) r = *store->Update("/k", std::to_string(i), r);
  ASSERT_TRUE(store->Compact(r - 1).ok());
  // The newest event still knows the value it replaced, though that value's
  // revision is now compacted.
  EventRecorder recorder;
  ASSERT_TRUE(store->WatchFrom("/", r - 1, recorder.Sink()).ok());
  ASSERT_EQ(recorder.Events().size(), 1u);
  EXPECT_EQ(recorder.Events()[0].prev_value, "9");
}

}  // namespace
}  // namespace ekslite::storage
