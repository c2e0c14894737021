// pods/binding and the bindings collection: how a scheduler assigns a pod to
// a node (core/v1 Binding). The pod gets spec.nodeName (its spec is otherwise
// not for updates to change), the Binding's annotations and a True
// PodScheduled condition, in one write.
#include "apiserver/handlers/preamble.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/review_support.h"
#include "apiserver/response.h"
#include "core/api/field_errors.h"

namespace ekslite::apiserver {
namespace {

Status ValidateBinding(const JsonValue& binding, const std::string& name) {
  api::ErrorList errors;
  api::FieldPath target("target");
  std::string_view kind = StringAt(binding, "target.kind");
  if (!kind.empty() && kind != "Node") {
    errors.Add(api::NotSupported(target.Child("kind"), api::BadValue::String(kind),
                                 {"Node", "<empty>"}));
  }
  if (StringAt(binding, "target.name").empty()) {
    errors.Add(api::Required(target.Child("name"), ""));
  }
  if (errors.empty()) return Status::Ok();
  return api::ToInvalidStatus("Binding", "", name, errors);
}

Status BindingConflict(const std::string& pod, const std::string& why) {
  StatusDetails d;
  d.name = pod;
  d.kind = "pods/binding";
  return Status(Code::kConflict,
                "Operation cannot be fulfilled on pods/binding \"" + pod + "\": " + why,
                std::move(d));
}

// Sets the node (and the Binding's annotations) on the stored pod.
Mutation AssignTo(const JsonValue& binding, const std::string& pod) {
  std::string node(StringAt(binding, "target.name"));
  auto annotations = std::make_shared<Json>();
  if (const JsonValue* a = Path(binding, "metadata.annotations"); a != nullptr && a->IsObject()) {
    annotations->CopyFrom(*a, annotations->GetAllocator());
  }
  return [node, annotations, pod](Json& object) -> Status {
    if (Path(object, "metadata.deletionTimestamp") != nullptr) {
      return BindingConflict(pod, "pod " + pod + " is being deleted, cannot be assigned to a host");
    }
    std::string_view current = StringAt(object, "spec.nodeName");
    if (!current.empty()) {
      return BindingConflict(pod, "pod " + pod + " is already assigned to node \"" +
                                      std::string(current) + "\"");
    }
    JsonAllocator& a = object.GetAllocator();
    SetString(EnsureObject(object, "spec", a), "nodeName", node, a);
    if (annotations->IsObject() && !annotations->ObjectEmpty()) {
      JsonValue& meta = EnsureObject(EnsureObject(object, "metadata", a), "annotations", a);
      for (const auto& m : annotations->GetObject()) {
        SetMember(meta, View(m.name), JsonValue(m.value, a), a);
      }
    }
    return Status::Ok();
  };
}

http::Response Bind(const RequestScope& scope) {
  if (scope.info.verb != "create") {
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }
  auto binding = DecodeReview(scope);
  if (!binding.ok()) return StatusResponse(binding.status());
  // pods/<name>/binding names the pod in the URL; the bindings collection in
  // the Binding.
  std::string pod(StringAt(*binding, "metadata.name"));
  if (!scope.info.subresource.empty()) {
    if (!pod.empty() && pod != scope.info.name) {
      return StatusResponse(Status::BadRequest("name in URL does not match name in Binding object"));
    }
    pod = scope.info.name;
  }
  Status valid = ValidateBinding(*binding, pod);
  if (!valid.ok()) return StatusResponse(valid);
  const ResourceInfo* pods = scope.registry.table()->Find("", "v1", "pods");
  if (pods == nullptr) return StatusResponse(Status::NotFound("pods are not served"));
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  WriteOptions options = begin->options;
  options.subresource = "binding";
  auto written =
      scope.registry.Mutate(*pods, scope.info.namespace_, pod, AssignTo(*binding, pod), options);
  if (!written.ok()) return StatusResponse(written.status());
  return JsonResponse(
      201, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201})");
}

}  // namespace

RequestHandler PodBindingHandler() { return Bind; }

}  // namespace ekslite::apiserver
