// The Table of a custom resource version: Name, then the CRD version's
// additionalPrinterColumns (or Age when it declares none), cells computed as
// upstream's CRD table convertor does.
#ifndef EKSLITE_APISERVER_CRD_PRINTER_COLUMNS_H_
#define EKSLITE_APISERVER_CRD_PRINTER_COLUMNS_H_

#include <vector>

#include "apiserver/crd/crd_model.h"
#include "apiserver/resources/resource.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Sets info->columns and info->row from `columns`. Cells by column type:
// integer (a number, truncated), number, boolean, string (fmt.Sprint of the
// value: objects as `map[k:v]`), date (the human age of an RFC 3339 string,
// "<invalid>" when it does not parse); null when the path selects nothing or
// a value of another type. kInvalid when a JSONPath is not understood.
Status UsePrinterColumns(const std::vector<CrdColumn>& columns, ResourceInfo* info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_PRINTER_COLUMNS_H_
