// networking.k8s.io/v1: IngressClasses, Ingresses and NetworkPolicies.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/networking_v1_printers.h"

namespace ekslite::apiserver {

void RegisterNetworkingV1(ResourceTable& table) {
  ResourceInfo classes = NewResource("networking.k8s.io", "v1", "ingressclasses", "ingressclass",
                                     "IngressClass", false);
  classes.tracks_generation = true;
  classes.strategy = IngressClassStrategy();
  UseIngressClassTable(classes);
  table.Add(std::move(classes));

  ResourceInfo ing =
      NewResource("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true);
  ing.short_names = {"ing"};
  ing.subresources = {StatusSubresource(ing)};
  ing.has_status = true;
  ing.tracks_generation = true;
  ing.strategy = IngressStrategy();
  UseIngressTable(ing);
  table.Add(std::move(ing));

  ResourceInfo np = NewResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy",
                                "NetworkPolicy", true);
  np.short_names = {"netpol"};
  np.tracks_generation = true;
  np.strategy = NetworkPolicyStrategy();
  UseNetworkPolicyTable(np);
  table.Add(std::move(np));
}

}  // namespace ekslite::apiserver
