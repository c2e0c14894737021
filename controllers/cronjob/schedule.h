// Cron schedules as CronJobs use them: five fields (minute, hour, day of
// month, month, day of week) or a descriptor (@yearly, @annually, @monthly,
// @weekly, @daily, @midnight, @hourly), evaluated in a time zone (UTC by
// default). The apiserver has already refused schedules that do not parse;
// this computes when they fire.
#ifndef EKSLITE_CONTROLLERS_CRONJOB_SCHEDULE_H_
#define EKSLITE_CONTROLLERS_CRONJOB_SCHEDULE_H_

#include <bitset>
#include <optional>
#include <string_view>

#include "controllers/cronjob/time_zone.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::controllers::cronjob {

class Schedule {
 public:
  // kInvalid for a schedule that does not parse. A TZ=/CRON_TZ= prefix
  // names the zone (kNotFound when unknown).
  static StatusOr<Schedule> Parse(std::string_view text);

  // The zone the fields are read in (a CronJob's spec.timeZone).
  void set_time_zone(TimeZone zone) { zone_ = std::move(zone); }

  // The first time strictly after `t` the schedule fires (whole minutes of
  // local time); nullopt when none within five years (e.g. "0 0 30 2 *").
  std::optional<Clock::time_point> Next(Clock::time_point t) const;

 private:
  bool DayMatches(int day_of_month, int weekday) const;
  // Next() on local wall-clock time written as a UTC instant.
  std::optional<Clock::time_point> NextLocal(Clock::time_point local) const;

  TimeZone zone_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;    // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<7> weekdays_;
  bool any_day_ = false, any_weekday_ = false;  // the field was `*` or `?`
};

// The most recent time the schedule fired in (`after`, `now`], and how many
// times it fired in that interval (capped at 101, enough to tell "too
// many"). nullopt when it did not fire.
std::optional<Clock::time_point> LastFiring(const Schedule& schedule, Clock::time_point after,
                                            Clock::time_point now, int* count);

}  // namespace ekslite::controllers::cronjob

#endif  // EKSLITE_CONTROLLERS_CRONJOB_SCHEDULE_H_
