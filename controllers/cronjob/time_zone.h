// TimeZone: the UTC offset of a named zone ("Europe/Berlin") at any instant,
// read from the system's tz database (TZif files under /usr/share/zoneinfo),
// for CronJobs with spec.timeZone.
#ifndef EKSLITE_CONTROLLERS_CRONJOB_TIME_ZONE_H_
#define EKSLITE_CONTROLLERS_CRONJOB_TIME_ZONE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace ekslite::controllers::cronjob {

class TimeZone {
 public:
  // UTC: offset zero everywhere.
  TimeZone() = default;

  // Loads zone `name` from `dir`. "", "UTC" and "Etc/UTC" need no file.
  // kNotFound for an unknown zone, kInvalid for a name that leaves `dir` or a
  // file that is not TZif.
  static StatusOr<TimeZone> Load(std::string_view name,
                                 std::string_view dir = "/usr/share/zoneinfo");

  // The offset of local time from UTC at instant `utc`.
  std::chrono::seconds OffsetAt(Clock::time_point utc) const;

 private:
  std::vector<int64_t> transitions_;  // unix seconds, ascending
  std::vector<int32_t> offsets_;      // the offset from each transition on
  int32_t initial_ = 0;               // the offset before the first transition
};

}  // namespace ekslite::controllers::cronjob

#endif  // EKSLITE_CONTROLLERS_CRONJOB_TIME_ZONE_H_
