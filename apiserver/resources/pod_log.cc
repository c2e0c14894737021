// pods/log: a container's log. The apiserver picks and checks the container
// as upstream does; the rest is the node's. Simulated nodes (annotated
// sim.ekslite.io/node) run no processes, so their containers have empty logs,
// with the kubelet's refusals for containers that have not started. Other
// nodes would need their kubelet's log endpoint, which ekslite does not reach
// yet.
#include <string>
#include <vector>

#include "apiserver/handlers/scope.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

std::vector<std::string> Names(const JsonValue& pod, const char* path) {
  std::vector<std::string> out;
  const JsonValue* list = Path(pod, path);
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& c : list->GetArray()) out.emplace_back(StringAt(c, "name"));
  return out;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " ") + n;
  return "[" + out + "]";
}

// The container the request names, or the only one; upstream's errors.
StatusOr<std::string> PickContainer(const JsonValue& pod, const std::string& asked,
                                    const std::string& name) {
  std::vector<std::string> containers = Names(pod, "spec.containers");
  std::vector<std::string> init = Names(pod, "spec.initContainers");
  std::vector<std::string> ephemeral = Names(pod, "spec.ephemeralContainers");
  if (asked.empty()) {
    if (containers.size() == 1) return containers[0];
    if (containers.empty()) {
      return Status::BadRequest("a container name must be specified for pod " + name);
    }
    std::string message =
        "a container name must be specified for pod " + name + ", choose one of: " + Joined(containers);
    if (!init.empty()) message += " or one of the init containers: " + Joined(init);
    return Status::BadRequest(message);
  }
  for (const auto* list : {&containers, &init, &ephemeral}) {
    for (const std::string& c : *list) {
      if (c == asked) return asked;
    }
  }
  return Status::BadRequest("container " + asked + " is not valid for pod " + name);
}

const JsonValue* ContainerStatus(const JsonValue& pod, const std::string& container) {
  for (const char* list : {"status.containerStatuses", "status.initContainerStatuses",
                           "status.ephemeralContainerStatuses"}) {
    const JsonValue* statuses = Path(pod, list);
    if (statuses == nullptr || !statuses->IsArray()) continue;
    for (const JsonValue& s : statuses->GetArray()) {
      if (StringAt(s, "name") == container) return &s;
    }
  }
  return nullptr;
}

// What the kubelet answers for a container that has no log to give.
Status KubeletRefusal(const JsonValue& pod, const std::string& container, bool previous) {
  std::string who = "\"" + container + "\" in pod \"" + std::string(StringAt(pod, "metadata.name")) + "\"";
  const JsonValue* status = ContainerStatus(pod, container);
  if (status == nullptr) return Status::BadRequest("container " + who + " is not available");
  if (previous) {
    if (Path(*status, "lastState.terminated") == nullptr) {
      return Status::BadRequest("previous terminated container " + who + " not found");
    }
    return Status::Ok();
  }
  if (Path(*status, "state.running") != nullptr || Path(*status, "state.terminated") != nullptr ||
      Path(*status, "lastState.terminated") != nullptr) {
    return Status::Ok();
  }
  std::string_view reason = StringAt(*status, "state.waiting.reason");
  if (reason == "ErrImagePull" || reason == "ImagePullBackOff") {
    return Status::BadRequest("container " + who + " is waiting to start: image can't be pulled");
  }
  if (!reason.empty()) {
    return Status::BadRequest("container " + who + " is waiting to start: " + std::string(reason));
  }
  return Status::BadRequest("container " + who + " is waiting to start - no logs yet");
}

http::Response Log(const RequestScope& scope) {
  if (scope.info.verb != "get") {
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }
  auto current = scope.registry.Get(scope.resource, scope.info.namespace_, scope.info.name);
  if (!current.ok()) return StatusResponse(current.status());
  auto pod = ParseJson((*current)->json);
  if (!pod.ok()) return StatusResponse(pod.status());
  auto container = PickContainer(*pod, scope.info.query.GetOr("container", ""), scope.info.name);
  if (!container.ok()) return StatusResponse(container.status());
  std::string node_name(StringAt(*pod, "spec.nodeName"));
  if (node_name.empty()) return TextResponse(200, "");  // not placed yet: nothing to show
  const ResourceInfo* nodes = scope.registry.table()->Find("", "v1", "nodes");
  if (nodes == nullptr) return StatusResponse(Status::NotFound("nodes are not served"));
  auto node_object = scope.registry.Get(*nodes, "", node_name);
  if (!node_object.ok()) return StatusResponse(node_object.status());
  auto node = ParseJson((*node_object)->json);
  if (!node.ok()) return StatusResponse(node.status());
  const JsonValue* annotations = Path(*node, "metadata.annotations");
  const JsonValue* simulated =
      annotations == nullptr ? nullptr : Member(*annotations, "sim.ekslite.io/node");
  if (simulated == nullptr || !simulated->IsString() || View(*simulated) != "true") {
    return StatusResponse(Status::Internal("node " + node_name +
                                           " is not simulated, and ekslite does not reach a "
                                           "kubelet's log endpoint yet"));
  }
  Status refused = KubeletRefusal(*pod, *container, scope.info.query.GetBool("previous"));
  if (!refused.ok()) return StatusResponse(refused);
  return TextResponse(200, "");
}

}  // namespace

RequestHandler PodLogHandler() { return Log; }

}  // namespace ekslite::apiserver
