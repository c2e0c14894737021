#include "apiserver/handlers/scale.h"

#include <map>

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/patched_copy.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"
#include "apiserver/table/table.h"
#include "core/api/field_errors.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {
namespace {

// Produces the Scale a write asks for, given the object's current Scale.
using DesiredScale = std::function<StatusOr<Json>(const JsonValue& current)>;

void SetReplicas(JsonValue& object, std::string_view dotted, int64_t replicas, JsonAllocator& a) {
  size_t dot = dotted.find('.');
  if (dot == std::string_view::npos) {
    SetInt(object, dotted, replicas, a);
    return;
  }
  SetReplicas(EnsureObject(object, dotted.substr(0, dot), a), dotted.substr(dot + 1), replicas, a);
}

// `kubectl get <resource> <name> --subresource=scale` asks for a Table.
const ResourceInfo& ScaleTableInfo() {
  static const ResourceInfo* info = [] {
    auto* i = new ResourceInfo;
    i->columns = {{"Name", "string", "", "The name of the scaled object.", 0},
                  {"Desired", "integer", "", "The desired number of replicas.", 0},
                  {"Available", "integer", "", "The number of replicas there are.", 0},
                  AgeColumn()};
    i->row = [](const JsonValue& s, Clock::time_point now, std::vector<std::string>* cells) {
      cells->push_back(StringCell(StringAt(s, "metadata.name")));
      cells->push_back(IntCell(IntAt(s, "spec.replicas").value_or(0)));
      cells->push_back(IntCell(IntAt(s, "status.replicas").value_or(0)));
      cells->push_back(StringCell(AgeOf(s, now)));
    };
    return i;
  }();
  return *info;
}

http::Response ScaleResponse(const RequestScope& scope, const Output& output,
                             const JsonValue& scale) {
  std::string json = ToJsonString(scale);
  if (output.kind != OutputKind::kTable) return JsonResponse(200, std::move(json));
  TableOptions t;
  t.include = output.include;
  return JsonResponse(200,
                      BuildTable(ScaleTableInfo(), {json}, t, scope.registry.clock().Now()));
}

Status ValidateScale(const JsonValue& scale, const std::string& name) {
  int64_t replicas = IntAt(scale, "spec.replicas").value_or(0);
  if (replicas >= 0) return Status::Ok();
  api::ErrorList errors;
  errors.Add(api::Invalid(api::FieldPath("spec").Child("replicas"), api::BadValue::Int(replicas),
                          "must be greater than or equal to 0"));
  return api::ToInvalidStatus("Scale", "autoscaling", name, errors);
}

// Writes the replica count of the Scale `desired` produces into the object.
http::Response WriteScale(const RequestScope& scope, const ScaleTarget& target,
                          const DesiredScale& desired) {
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  const std::string& name = scope.info.name;
  Mutation mutate = [&](Json& object) -> Status {
    Json current = ScaleOf(object, target);
    EKS_ASSIGN_OR_RETURN(Json want, desired(current));
    EKS_RETURN_IF_ERROR(ValidateScale(want, name));
    JsonAllocator& a = object.GetAllocator();
    SetReplicas(object, target.spec_replicas, IntAt(want, "spec.replicas").value_or(0), a);
    // A Scale's resourceVersion is a precondition on the object.
    std::string_view rv = StringAt(want, "metadata.resourceVersion");
    if (!rv.empty()) SetString(EnsureObject(object, "metadata", a), "resourceVersion", rv, a);
    return Status::Ok();
  };
  auto result = scope.registry.Mutate(scope.resource, scope.info.namespace_, name, mutate,
                                      begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  auto written = ParseJson(result->json);
  if (!written.ok()) return StatusResponse(written.status());
  return ScaleResponse(scope, begin->output, ScaleOf(*written, target));
}

http::Response GetScale(const RequestScope& scope, const ScaleTarget& target) {
  auto output = NegotiateOutput(scope);
  if (!output.ok()) return StatusResponse(output.status());
  auto obj = scope.registry.Get(scope.resource, scope.info.namespace_, scope.info.name);
  if (!obj.ok()) return StatusResponse(obj.status());
  auto parsed = ParseJson((*obj)->json);
  if (!parsed.ok()) return StatusResponse(parsed.status());
  return ScaleResponse(scope, *output, ScaleOf(*parsed, target));
}

http::Response PutScale(const RequestScope& scope, const ScaleTarget& target) {
  auto body = DecodeObjectBody(scope);
  if (!body.ok()) return StatusResponse(body.status());
  std::string_view body_name = StringAt(*body, "metadata.name");
  if (body_name != scope.info.name) {
    return StatusResponse(Status::BadRequest("the name of the object (" + std::string(body_name) +
                                             ") does not match the name on the URL (" +
                                             scope.info.name + ")"));
  }
  auto shared = std::make_shared<Json>(std::move(*body));
  return WriteScale(scope, target, [shared](const JsonValue&) -> StatusOr<Json> {
    Json copy;
    copy.CopyFrom(*shared, copy.GetAllocator());
    return copy;
  });
}

}  // namespace

SelectorRenderer SelectorFromLabelSelector(std::string path) {
  return [path](const JsonValue& object) -> std::string {
    auto selector = api::LabelSelectorFromJson(Path(object, path));
    return selector.ok() ? selector->String() : "";
  };
}

SelectorRenderer SelectorFromLabelMap(std::string path) {
  return [path](const JsonValue& object) -> std::string {
    const JsonValue* map = Path(object, path);
    std::map<std::string, std::string> labels;
    if (map != nullptr && map->IsObject()) {
      for (const auto& m : map->GetObject()) labels[std::string(View(m.name))] = View(m.value);
    }
    return api::SelectorFromSet(labels).String();
  };
}

SelectorRenderer SelectorFromString(std::string path) {
  return [path](const JsonValue& object) { return std::string(StringAt(object, path)); };
}

SubresourceInfo ScaleSubresource() {
  return {"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}};
}

Json ScaleOf(const JsonValue& object, const ScaleTarget& target) {
  Json s(rapidjson::kObjectType);
  JsonAllocator& a = s.GetAllocator();
  s.AddMember("kind", "Scale", a);
  s.AddMember("apiVersion", "autoscaling/v1", a);
  JsonValue meta(rapidjson::kObjectType);
  for (const char* f : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    const JsonValue* v = Path(object, std::string("metadata.") + f);
    if (v != nullptr && v->IsString()) meta.AddMember(MakeString(f, a), JsonValue(*v, a), a);
  }
  s.AddMember("metadata", std::move(meta), a);
  JsonValue spec(rapidjson::kObjectType);
  int64_t replicas = IntAt(object, target.spec_replicas).value_or(0);
  if (replicas != 0) spec.AddMember("replicas", JsonValue(replicas), a);
  s.AddMember("spec", std::move(spec), a);
  JsonValue status(rapidjson::kObjectType);
  status.AddMember("replicas", JsonValue(IntAt(object, target.status_replicas).value_or(0)), a);
  std::string selector = target.selector ? target.selector(object) : "";
  if (!selector.empty()) status.AddMember("selector", MakeString(selector, a), a);
  s.AddMember("status", std::move(status), a);
  return s;
}

RequestHandler ScaleHandler(ScaleTarget target) {
  return [target = std::move(target)](const RequestScope& scope) -> http::Response {
    const std::string& verb = scope.info.verb;
    if (verb == "get") return GetScale(scope, target);
    if (verb == "update") return PutScale(scope, target);
    if (verb == "patch") {
      return WriteScale(scope, target,
                        [&scope](const JsonValue& current) { return PatchedCopy(scope, current); });
    }
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  };
}

}  // namespace ekslite::apiserver
