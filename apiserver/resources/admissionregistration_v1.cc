// admissionregistration.k8s.io/v1: webhook configurations, validating admission
// policies and their bindings (stored and listed; nothing calls them yet).
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/cluster_printers.h"

namespace ekslite::apiserver {

void RegisterAdmissionRegistrationV1(ResourceTable& table) {
  const std::string g = "admissionregistration.k8s.io";
  ResourceInfo mutating = NewResource(g, "v1", "mutatingwebhookconfigurations",
                                      "mutatingwebhookconfiguration",
                                      "MutatingWebhookConfiguration", false);
  ResourceInfo policies = NewResource(g, "v1", "validatingadmissionpolicies",
                                      "validatingadmissionpolicy", "ValidatingAdmissionPolicy",
                                      false);
  ResourceInfo bindings = NewResource(g, "v1", "validatingadmissionpolicybindings",
                                      "validatingadmissionpolicybinding",
                                      "ValidatingAdmissionPolicyBinding", false);
  ResourceInfo validating = NewResource(g, "v1", "validatingwebhookconfigurations",
                                        "validatingwebhookconfiguration",
                                        "ValidatingWebhookConfiguration", false);
  mutating.strategy = WebhookConfigurationStrategy(true);
  UseWebhookConfigurationTable(mutating);
  policies.subresources = {StatusSubresource(policies)};
  policies.has_status = true;
  policies.strategy = ValidatingAdmissionPolicyStrategy();
  UseValidatingAdmissionPolicyTable(policies);
  bindings.strategy = ValidatingAdmissionPolicyBindingStrategy();
  UseValidatingAdmissionPolicyBindingTable(bindings);
  validating.strategy = WebhookConfigurationStrategy(false);
  UseWebhookConfigurationTable(validating);
  for (ResourceInfo* r : {&mutating, &policies, &bindings, &validating}) {
    r->categories = {"api-extensions"};
    r->tracks_generation = true;
    table.Add(std::move(*r));
  }
}

}  // namespace ekslite::apiserver
