#include "apiserver/table/cluster_printers.h"

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {
namespace {

// Denied, Approved or Pending, then ",Failed" and ",Issued" when so.
std::string CsrCondition(const JsonValue& csr) {
  bool approved = false, denied = false, failed = false;
  if (const JsonValue* conds = Path(csr, "status.conditions"); conds && conds->IsArray()) {
    for (const JsonValue& c : conds->GetArray()) {
      std::string_view type = StringAt(c, "type");
      approved = approved || type == "Approved";
      denied = denied || type == "Denied";
      failed = failed || type == "Failed";
    }
  }
  std::string out = denied ? "Denied" : (approved ? "Approved" : "Pending");
  if (failed) out += ",Failed";
  if (!StringAt(csr, "status.certificate").empty()) out += ",Issued";
  return out;
}

std::string ParamRef(const JsonValue& binding) {
  const JsonValue* ref = Path(binding, "spec.paramRef");
  if (ref == nullptr || !ref->IsObject()) return "<unset>";
  std::string_view name = StringAt(*ref, "name");
  if (!name.empty()) {
    std::string_view ns = StringAt(*ref, "namespace");
    return std::string(ns.empty() ? "*" : ns) + "/" + std::string(name);
  }
  if (const JsonValue* sel = Member(*ref, "selector")) {
    auto parsed = api::LabelSelectorFromJson(sel);
    return parsed.ok() ? parsed->String() : "<error>";
  }
  return "<unset>";
}

// A number at `path` as an integer cell, or "<none>".
std::string IntOrNone(const JsonValue& o, std::string_view path) {
  std::optional<int64_t> v = IntAt(o, path);
  return v ? IntCell(*v) : StringCell("<none>");
}

}  // namespace

void UsePriorityClassTable(ResourceInfo& info) {
  info.columns = {NameColumn(), Col("Value", "The priority of pods of the class.", 0, "integer"),
                  Col("Global-Default", "Whether pods without a class get this one.", 0,
                      "boolean"),
                  AgeColumn(), Col("PreemptionPolicy", "Whether pods may preempt others.")};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(IntCell(IntAt(o, "value").value_or(0)));
    const JsonValue* def = Member(o, "globalDefault");
    c->push_back(def != nullptr && def->IsBool() && def->GetBool() ? "true" : "false");
    c->push_back(StringCell(AgeOf(o, now)));
    c->push_back(StringCell(StringAt(o, "preemptionPolicy")));
  };
}

void UseRuntimeClassTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Handler", "The container runtime handler.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "handler")));
                 });
}

void UseCertificateSigningRequestTable(ResourceInfo& info) {
  info.columns = {NameColumn(), AgeColumn(), Col("SignerName", "Who should sign the request."),
                  Col("Requestor", "Who made the request."),
                  Col("RequestedDuration", "How long the certificate should be valid."),
                  Col("Condition", "Where the request stands.")};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(AgeOf(o, now)));
    c->push_back(StringCell(OrNone(StringAt(o, "spec.signerName"))));
    c->push_back(StringCell(StringAt(o, "spec.username")));
    std::optional<int64_t> secs = IntAt(o, "spec.expirationSeconds");
    c->push_back(StringCell(secs ? HumanDuration(std::chrono::seconds(*secs)) : "<none>"));
    c->push_back(StringCell(CsrCondition(o)));
  };
}

void UseWebhookConfigurationTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Webhooks", "The webhooks of the configuration.", 0, "integer")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(IntCell(static_cast<int64_t>(MemberCount(o, "webhooks"))));
                 });
}

void UseValidatingAdmissionPolicyTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Validations", "The validation rules of the policy.", 0, "integer"),
                  Col("ParamKind", "The kind of the policy's parameters.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(IntCell(static_cast<int64_t>(MemberCount(o, "spec.validations"))));
                   const JsonValue* kind = Path(o, "spec.paramKind");
                   c->push_back(StringCell(
                       kind == nullptr ? "<unset>"
                                       : std::string(StringAt(*kind, "apiVersion")) + "/" +
                                             std::string(StringAt(*kind, "kind"))));
                 });
}

void UseValidatingAdmissionPolicyBindingTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("PolicyName", "The policy the binding applies."),
                  Col("ParamRef", "The parameters the binding uses.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "spec.policyName")));
                   c->push_back(StringCell(ParamRef(o)));
                 });
}

void UseFlowSchemaTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  Col("PriorityLevel", "The priority level of matching requests."),
                  Col("MatchingPrecedence", "Lower values match first."),
                  Col("DistinguisherMethod", "How flows are told apart."),
                  AgeColumn(),
                  Col("MissingPL", "Whether the priority level is missing.")};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(NameCell(o));
    c->push_back(StringCell(StringAt(o, "spec.priorityLevelConfiguration.name")));
    c->push_back(IntCell(IntAt(o, "spec.matchingPrecedence").value_or(0)));
    c->push_back(StringCell(OrNone(StringAt(o, "spec.distinguisherMethod.type"))));
    c->push_back(StringCell(AgeOf(o, now)));
    std::string dangling = ConditionStatus(o, "Dangling");
    c->push_back(StringCell(dangling.empty() ? "?" : dangling));
  };
}

void UsePriorityLevelConfigurationTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Type", "Whether requests are limited or exempt."),
                  Col("NominalConcurrencyShares", "The share of the server's concurrency."),
                  Col("Queues", "The number of queues."), Col("HandSize", "Queues per flow."),
                  Col("QueueLengthLimit", "Requests a queue may hold.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "spec.type")));
                   c->push_back(IntOrNone(o, "spec.limited.nominalConcurrencyShares"));
                   for (const char* f : {"queues", "handSize", "queueLengthLimit"}) {
                     c->push_back(IntOrNone(
                         o, std::string("spec.limited.limitResponse.queuing.") + f));
                   }
                 });
}

void UseComponentStatusTable(ResourceInfo& info) {
  info.columns = {NameColumn(), Col("Status", "Whether the component is healthy."),
                  Col("Message", "What the component reported."),
                  Col("Error", "The error the component reported.")};
  info.row = [](const JsonValue& o, Clock::time_point, std::vector<std::string>* c) {
    std::string status = "Unknown", message, error;
    if (const JsonValue* conds = Member(o, "conditions"); conds && conds->IsArray()) {
      for (const JsonValue& cond : conds->GetArray()) {
        if (StringAt(cond, "type") != "Healthy") continue;
        status = StringAt(cond, "status") == "True" ? "Healthy" : "Unhealthy";
        message = StringAt(cond, "message");
        error = StringAt(cond, "error");
        break;
      }
    }
    c->push_back(NameCell(o));
    c->push_back(StringCell(status));
    c->push_back(StringCell(message));
    c->push_back(StringCell(error));
  };
}

}  // namespace ekslite::apiserver
