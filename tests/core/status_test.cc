#include "core/status.h"

#include <gtest/gtest.h>

namespace ekslite {
namespace {

TEST(StatusTest, CodesMapToHttpAndReason) {
  EXPECT_EQ(HttpCode(Code::kAlreadyExists), 409);
  EXPECT_EQ(Reason(Code::kAlreadyExists), "AlreadyExists");
  EXPECT_EQ(HttpCode(Code::kExpired), 410);
  EXPECT_EQ(Reason(Code::kInternal), "InternalError");
  EXPECT_EQ(HttpCode(Code::kInvalid), 422);
}

TEST(StatusTest, ReasonRoundTripsToCode) {
  for (Code c : {Code::kNotFound, Code::kConflict, Code::kAlreadyExists, Code::kExpired,
                 Code::kInvalid, Code::kForbidden}) {
    EXPECT_EQ(CodeFromReason(Reason(c), HttpCode(c)), c);
  }
}

TEST(StatusTest, UnknownReasonFallsBackOnHttpCode) {
  EXPECT_EQ(CodeFromReason("", 409), Code::kConflict);
  EXPECT_EQ(CodeFromReason("Whatever", 404), Code::kNotFound);
  EXPECT_EQ(CodeFromReason("", 503), Code::kUnavailable);
}

TEST(StatusTest, StatusOrHoldsValueOrError) {
  StatusOr<int> v = 3;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 3);
  StatusOr<int> e = Status::NotFound("x");
  EXPECT_FALSE(e.ok());
  EXPECT_TRUE(e.status().IsNotFound());
}

Status FailsWhenNegative(int x) {
  if (x < 0) return Status::Invalid("negative");
  return Status::Ok();
}

StatusOr<int> Doubled(int x) {
  EKS_RETURN_IF_ERROR(FailsWhenNegative(x));
  return 2 * x;
}

StatusOr<int> Quadrupled(int x) {
  EKS_ASSIGN_OR_RETURN(int d, Doubled(x));
  return 2 * d;
}

TEST(StatusTest, MacrosPropagateErrors) {
  EXPECT_EQ(*Quadrupled(2), 8);
  EXPECT_TRUE(Quadrupled(-1).status().IsInvalid());
}

}  // namespace
}  // namespace ekslite
