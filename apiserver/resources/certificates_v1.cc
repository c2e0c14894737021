// certificates.k8s.io/v1: CertificateSigningRequests, with the status and
// approval subresources.
#include "apiserver/handlers/body.h"
#include "apiserver/handlers/patched_copy.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/response.h"
#include "apiserver/table/cluster_printers.h"

namespace ekslite::apiserver {
namespace {

// What an approval write asks for, given the current request object.
using DesiredCsr = std::function<StatusOr<Json>(const JsonValue& current)>;

// An approval changes only status.conditions (Approved, Denied); the rest of
// the status and the spec stay.
http::Response WriteApproval(const RequestScope& scope, const DesiredCsr& desired) {
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  begin->options.subresource = "status";
  Mutation mutate = [&](Json& csr) -> Status {
    EKS_ASSIGN_OR_RETURN(Json want, desired(csr));
    JsonAllocator& a = csr.GetAllocator();
    JsonValue& status = EnsureObject(csr, "status", a);
    if (const JsonValue* c = Path(want, "status.conditions"); c != nullptr && c->IsArray()) {
      SetMember(status, "conditions", JsonValue(*c, a), a);
    } else {
      RemoveMember(status, "conditions");
    }
    std::string_view rv = StringAt(want, "metadata.resourceVersion");
    if (!rv.empty()) SetString(csr["metadata"], "resourceVersion", rv, a);
    return Status::Ok();
  };
  auto result = scope.registry.Mutate(scope.resource, "", scope.info.name, mutate, begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, begin->output, result->json, 200);
}

http::Response ServeApproval(const RequestScope& scope) {
  const std::string& verb = scope.info.verb;
  if (verb == "get") return HandleGet(scope);
  if (verb == "patch") {
    return WriteApproval(scope, [&scope](const JsonValue& c) { return PatchedCopy(scope, c); });
  }
  if (verb != "update") {
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }
  auto body = DecodeObjectBody(scope);
  if (!body.ok()) return StatusResponse(body.status());
  auto shared = std::make_shared<Json>(std::move(*body));
  return WriteApproval(scope, [shared](const JsonValue&) -> StatusOr<Json> {
    Json copy;
    copy.CopyFrom(*shared, copy.GetAllocator());
    return copy;
  });
}

}  // namespace

void RegisterCertificatesV1(ResourceTable& table) {
  ResourceInfo csr = NewResource("certificates.k8s.io", "v1", "certificatesigningrequests",
                                 "certificatesigningrequest", "CertificateSigningRequest", false);
  csr.short_names = {"csr"};
  csr.subresources = {
      {"approval", csr.group, csr.version, csr.kind, {"get", "patch", "update"}},
      StatusSubresource(csr)};
  csr.subresource_handlers["approval"] = ServeApproval;
  csr.has_status = true;
  csr.field_selectors = {FieldAt("spec.signerName")};
  csr.strategy = CertificateSigningRequestStrategy();
  UseCertificateSigningRequestTable(csr);
  table.Add(std::move(csr));
}

}  // namespace ekslite::apiserver
