// Resource quantities ("500m", "2Gi", "1e3") as numbers: what admission
// (LimitRanger, ResourceQuota) and the quota controller add up and compare.
// Values are kept in thousandths (milli-units), which covers cpu exactly and
// memory up to 9 PB.
#ifndef EKSLITE_CORE_API_QUANTITY_H_
#define EKSLITE_CORE_API_QUANTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ekslite::api {

// The quantity in milli-units, rounded up (as upstream's MilliValue);
// nullopt when `text` is not a quantity or is out of range.
std::optional<int64_t> ParseMilliQuantity(std::string_view text);

// A quantity string for `milli` milli-units in the style of upstream's
// canonical form: binary suffixes (Ki, Mi, Gi, Ti) when `binary` and the
// value divides evenly, else a whole number, else "<n>m".
std::string FormatMilliQuantity(int64_t milli, bool binary);

// True when `text` uses a binary suffix (Ki, Mi, ...).
bool HasBinarySuffix(std::string_view text);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_QUANTITY_H_
