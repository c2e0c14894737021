#include "apiserver/registry/managed_fields_tracking.h"

namespace ekslite::apiserver {

fieldmanager::Operation ManagedFieldsOperation(const ResourceInfo& info,
                                               const std::string& manager,
                                               const std::string& subresource,
                                               Clock::time_point now) {
  fieldmanager::Operation op;
  op.manager = manager;
  op.api_version = info.ApiVersion();
  op.subresource = subresource;
  op.now = FormatRfc3339(now);
  op.message = info.Message();
  op.typed_zero_object = info.custom_schema == nullptr;
  op.ignored = fieldmanager::ResetFields(info.has_status, subresource);
  return op;
}

void TrackManagedFields(const ResourceInfo& info, const JsonValue* live, Json& object,
                        const WriteOptions& options, Clock::time_point now) {
  if (options.server_side_apply) return;
  fieldmanager::RecordUpdate(
      live, object, ManagedFieldsOperation(info, options.field_manager, options.subresource, now));
}

}  // namespace ekslite::apiserver
