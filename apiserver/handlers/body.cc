#include "apiserver/handlers/body.h"

#include <algorithm>

#include "core/api/field_errors.h"
#include "core/api/go_format.h"
#include "core/api/json_tree.h"
#include "core/protobuf/decoder.h"
#include "core/schema/field_validation.h"
#include "core/yaml.h"

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kProtobuf = "application/vnd.kubernetes.protobuf";

Status UnknownFormat() {
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json, application/yaml, application/vnd.kubernetes.protobuf");
}

// "", "All" are the accepted dryRun values.
StatusOr<bool> DryRun(const Query& query) {
  bool dry = false;
  for (const std::string& v : query.GetAll("dryRun")) {
    if (v != "All") {
      return Status::BadRequest("Invalid dry run value: " + v + ": dryRun must be \"All\"");
    }
    dry = true;
  }
  return dry;
}

StatusOr<int64_t> ParseInt(std::string_view field, const std::string& value) {
  char* end = nullptr;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0') {
    return Status::BadRequest("invalid " + std::string(field) + " \"" + value + "\"");
  }
  return static_cast<int64_t>(v);
}

Status ReadDeleteOptions(const JsonValue& body, DeleteOptions* out) {
  if (!body.IsObject()) return Status::BadRequest("DeleteOptions must be a JSON object");
  if (std::optional<int64_t> g = IntAt(body, "gracePeriodSeconds")) out->grace_period_seconds = g;
  std::string_view policy = StringAt(body, "propagationPolicy");
  if (!policy.empty()) out->propagation_policy = policy;
  if (const JsonValue* orphan = Member(body, "orphanDependents"); orphan && orphan->IsBool()) {
    if (out->propagation_policy.empty())
      out->propagation_policy = orphan->GetBool() ? "Orphan" : "Background";
  }
  out->precondition_uid = StringAt(body, "preconditions.uid");
  out->precondition_resource_version = StringAt(body, "preconditions.resourceVersion");
  if (const JsonValue* dry = Member(body, "dryRun"); dry && dry->IsArray() && !dry->Empty()) {
    out->dry_run = true;
  }
  return Status::Ok();
}

constexpr size_t kFieldManagerMaxLength = 128;

// The User-Agent's product name as the default field manager: the text
// before the first "/", printable characters only, at most 128 bytes.
std::string FieldManagerFromUserAgent(std::string_view agent) {
  agent = agent.substr(0, agent.find('/'));
  std::string out;
  for (size_t i = 0; i < agent.size();) {
    size_t width = 1;
    char32_t r = api::DecodeRune(agent.substr(i), &width);
    if (api::GoIsPrint(r)) {
      if (out.size() + width > kFieldManagerMaxLength) break;
      out.append(agent.substr(i, width));
    }
    i += width;
  }
  return out;
}

// The checks of upstream's ValidateCreateOptions, ValidateUpdateOptions and
// ValidatePatchOptions on fieldManager and fieldValidation, as one 422.
Status ValidateWriteOptions(const RequestScope& scope, const std::string& manager) {
  api::ErrorList errors;
  api::FieldPath path("fieldManager");
  if (manager.size() > kFieldManagerMaxLength) {
    errors.Add(api::TooLong(path, kFieldManagerMaxLength));
  }
  schema::ValidateFieldValidation(scope.info.query.GetOr("fieldValidation", ""), &errors);
  if (errors.empty()) return Status::Ok();
  std::string_view kind = scope.info.verb == "create"   ? "CreateOptions"
                          : scope.info.verb == "update" ? "UpdateOptions"
                                                        : "PatchOptions";
  return api::ToInvalidStatus(kind, "meta.k8s.io", "", errors);
}

}  // namespace

std::string MediaType(const http::Request& request) {
  std::string_view ct = http::Header(request, http::Field::content_type);
  std::string out(ct.substr(0, ct.find(';')));
  out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
  std::transform(out.begin(), out.end(), out.begin(), ::tolower);
  return out;
}

StatusOr<Json> DecodeObjectBody(const RequestScope& scope) {
  const std::string& body = scope.request.body();
  std::string media = MediaType(scope.request);
  if (media == kProtobuf) return protobuf::DecodeObject(scope.schema, body);
  if (media == "application/yaml" || media == "application/x-yaml" || media == "text/yaml") {
    return YamlToJson(body);
  }
  if (!media.empty() && media != "application/json" && media != "*/*") return UnknownFormat();
  auto doc = api::ParseUntrustedJson(body);
  if (!doc.ok()) return Status::BadRequest("couldn't get version/kind; " + doc.status().message());
  if (!doc->IsObject()) {
    return Status::BadRequest(
        "couldn't get version/kind; json parse error: the body is not a JSON object");
  }
  return doc;
}

StatusOr<DeleteOptions> DecodeDeleteOptions(const RequestScope& scope) {
  DeleteOptions out;
  const Query& q = scope.info.query;
  const std::string& body = scope.request.body();
  if (!body.empty()) {
    std::string media = MediaType(scope.request);
    StatusOr<Json> doc = media == kProtobuf ? protobuf::DecodeObject(scope.schema, body)
                                            : api::ParseUntrustedJson(body);
    if (!doc.ok()) return doc.status();
    EKS_RETURN_IF_ERROR(ReadDeleteOptions(*doc, &out));
  }
  if (auto g = q.Get("gracePeriodSeconds")) {
    EKS_ASSIGN_OR_RETURN(int64_t v, ParseInt("gracePeriodSeconds", *g));
    out.grace_period_seconds = v;
  }
  if (auto p = q.Get("propagationPolicy")) out.propagation_policy = *p;
  if (auto o = q.Get("orphanDependents"); o && out.propagation_policy.empty()) {
    out.propagation_policy = *o == "true" ? "Orphan" : "Background";
  }
  const std::string& policy = out.propagation_policy;
  if (!policy.empty() && policy != "Orphan" && policy != "Background" && policy != "Foreground") {
    return Status::Invalid("propagationPolicy: Unsupported value: \"" + policy +
                           "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
  }
  EKS_ASSIGN_OR_RETURN(bool dry, DryRun(q));
  out.dry_run = out.dry_run || dry;
  return out;
}

StatusOr<WriteOptions> DecodeWriteOptions(const RequestScope& scope) {
  WriteOptions out;
  EKS_ASSIGN_OR_RETURN(out.dry_run, DryRun(scope.info.query));
  out.field_manager = scope.info.query.GetOr("fieldManager", "");
  EKS_RETURN_IF_ERROR(ValidateWriteOptions(scope, out.field_manager));
  if (out.field_manager.empty()) {
    out.field_manager =
        FieldManagerFromUserAgent(http::Header(scope.request, http::Field::user_agent));
  }
  out.user = scope.user.name;
  out.subresource = scope.info.subresource;
  return out;
}

}  // namespace ekslite::apiserver
