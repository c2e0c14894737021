// Table columns of batch/v1 Jobs and CronJobs and of HorizontalPodAutoscalers
// (autoscaling/v2 objects), as upstream prints them.
#ifndef EKSLITE_APISERVER_TABLE_BATCH_V1_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_BATCH_V1_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UseJobTable(ResourceInfo& info);
void UseCronJobTable(ResourceInfo& info);
// Rows are printed from autoscaling/v2 objects; a resource served in another
// version converts each object with `to_v2` first (null: none needed).
void UseHorizontalPodAutoscalerTable(ResourceInfo& info, Converter to_v2);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_BATCH_V1_PRINTERS_H_
