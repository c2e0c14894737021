#include "scheduler/quantity.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/api/quantity.h"

namespace ekslite::scheduler {
namespace {

int64_t Ceil(long double v) {
  // Rounds away tiny representation errors before rounding up.
  long double r = std::round(v);
  if (std::fabs(v - r) < 1e-9L) return static_cast<int64_t>(r);
  return static_cast<int64_t>(std::ceil(v));
}

}  // namespace

std::optional<int64_t> ParseMilliQuantity(std::string_view text) {
  return api::ParseMilliQuantity(text);
}

std::optional<int64_t> ParseQuantity(std::string_view text) {
  std::optional<int64_t> milli = api::ParseMilliQuantity(text);
  if (!milli) return std::nullopt;
  // Whole units, rounded up.
  return *milli / 1000 + (*milli % 1000 > 0 ? 1 : 0);
}

int64_t MilliValue(const JsonValue* value) {
  if (value == nullptr) return 0;
  if (value->IsNumber()) return Ceil(static_cast<long double>(value->GetDouble()) * 1000.0L);
  return ParseMilliQuantity(View(*value)).value_or(0);
}

int64_t Value(const JsonValue* value) {
  if (value == nullptr) return 0;
  if (value->IsNumber()) return Ceil(static_cast<long double>(value->GetDouble()));
  return ParseQuantity(View(*value)).value_or(0);
}

}  // namespace ekslite::scheduler
