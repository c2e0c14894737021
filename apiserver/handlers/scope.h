// RequestScope: what a resource handler needs to serve one request, and the
// handler of each verb (one file each).
#ifndef EKSLITE_APISERVER_HANDLERS_SCOPE_H_
#define EKSLITE_APISERVER_HANDLERS_SCOPE_H_

#include <chrono>
#include <string>
#include <vector>

#include "apiserver/authn/user.h"
#include "apiserver/registry/registry.h"
#include "apiserver/request_info.h"
#include "apiserver/resources/resource.h"
#include "core/http/message.h"
#include "core/schema/schema.h"
#include "core/timer_queue.h"

namespace ekslite::apiserver {

struct RequestScope {
  const http::Request& request;
  const RequestInfo& info;
  const ResourceInfo& resource;
  const UserInfo& user;
  Registry& registry;
  const schema::Schema& schema;
  TimerQueue& timers;
  std::chrono::milliseconds bookmark_interval;
  // Warnings for the client (`Warning: 299 - "..."` headers, printed by kubectl
  // and helm); the dispatcher adds them to whatever response the handler gives.
  std::vector<std::string>& warnings;
};

http::Response HandleGet(const RequestScope& scope);
http::Response HandleList(const RequestScope& scope);
http::Response HandleWatch(const RequestScope& scope);
http::Response HandleCreate(const RequestScope& scope);
http::Response HandleUpdate(const RequestScope& scope);
http::Response HandlePatch(const RequestScope& scope);
http::Response HandleDelete(const RequestScope& scope);
http::Response HandleDeleteCollection(const RequestScope& scope);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_SCOPE_H_
