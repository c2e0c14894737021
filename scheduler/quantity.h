// Resource quantities ("100m", "1.5Gi", "2") as the integers the scheduler
// compares: milli-units for CPU, whole units (rounded up) for everything else,
// as upstream's Quantity.MilliValue() and Value() give them. The parsing is
// core/api/quantity.h's (shared with admission and the quota controller).
#ifndef EKSLITE_SCHEDULER_QUANTITY_H_
#define EKSLITE_SCHEDULER_QUANTITY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/json.h"

namespace ekslite::scheduler {

// The quantity in thousandths of a unit, rounded up; nullopt when `text` is
// not a quantity.
std::optional<int64_t> ParseMilliQuantity(std::string_view text);
// The quantity in whole units, rounded up.
std::optional<int64_t> ParseQuantity(std::string_view text);

// The same for a JSON value (a quantity string or a number); 0 when absent
// or malformed (the apiserver validated it).
int64_t MilliValue(const JsonValue* value);
int64_t Value(const JsonValue* value);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_QUANTITY_H_
