// batch/v1: Jobs and CronJobs.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/batch_v1_printers.h"

namespace ekslite::apiserver {

void RegisterBatchV1(ResourceTable& table) {
  ResourceInfo cj = NewResource("batch", "v1", "cronjobs", "cronjob", "CronJob", true);
  cj.short_names = {"cj"};
  cj.categories = {"all"};
  cj.subresources = {StatusSubresource(cj)};
  cj.has_status = true;
  cj.tracks_generation = true;
  cj.strategy = CronJobStrategy();
  UseCronJobTable(cj);
  table.Add(std::move(cj));

  ResourceInfo jobs = NewResource("batch", "v1", "jobs", "job", "Job", true);
  jobs.categories = {"all"};
  jobs.subresources = {StatusSubresource(jobs)};
  jobs.has_status = true;
  jobs.tracks_generation = true;
  jobs.field_selectors = {{"status.successful", [](const JsonValue& job) {
                              return std::optional<std::string>(
                                  std::to_string(IntAt(job, "status.succeeded").value_or(0)));
                            }}};
  jobs.strategy = JobStrategy();
  UseJobTable(jobs);
  table.Add(std::move(jobs));
}

}  // namespace ekslite::apiserver
