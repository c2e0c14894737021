// Checking CronJob schedules the way upstream's cron parser (robfig/cron's
// standard five-field syntax) accepts them, with its error texts, which the
// apiserver puts into `spec.schedule: Invalid value` messages.
#ifndef EKSLITE_APISERVER_RESOURCES_CRON_SCHEDULE_H_
#define EKSLITE_APISERVER_RESOURCES_CRON_SCHEDULE_H_

#include <optional>
#include <string>
#include <string_view>

namespace ekslite::apiserver {

// nullopt when `schedule` parses: five fields (minute hour day-of-month month
// day-of-week) of `*`, `?`, numbers or month/day names, ranges `a-b`, steps
// `/n` and lists `a,b`, or a descriptor (@hourly, @daily, @midnight,
// @weekly, @monthly, @yearly, @annually, @every <duration>), optionally after
// a TZ=/CRON_TZ= prefix. Otherwise the parser's message, e.g. "expected
// exactly 5 fields, found 1: [hourly]". Pure; thread-safe.
std::optional<std::string> CronScheduleError(std::string_view schedule);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_CRON_SCHEDULE_H_
