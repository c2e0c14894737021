#include "apiserver/table/networking_v1_printers.h"

#include <set>

#include "apiserver/table/printer_helpers.h"
#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

// Shows up to three items of `all` (of `count`), then "+ N more...".
std::string FirstThree(const std::vector<std::string>& all, size_t count,
                       std::string_view empty) {
  if (all.empty()) return std::string(empty);
  std::string out;
  for (size_t i = 0; i < all.size() && i < 3; ++i) out += (i ? "," : "") + all[i];
  if (count > 3) out += " + " + std::to_string(count - 3) + " more...";
  return out;
}

std::string IngressHosts(const JsonValue& ing) {
  const JsonValue* rules = Path(ing, "spec.rules");
  std::vector<std::string> hosts;
  size_t count = rules != nullptr && rules->IsArray() ? rules->Size() : 0;
  for (size_t i = 0; i < count && hosts.size() < 3; ++i) {
    std::string_view h = StringAt((*rules)[static_cast<rapidjson::SizeType>(i)], "host");
    if (!h.empty()) hosts.emplace_back(h);
  }
  return hosts.empty() ? "*" : FirstThree(hosts, count, "*");
}

std::string IngressAddress(const JsonValue& ing) {
  const JsonValue* lbs = Path(ing, "status.loadBalancer.ingress");
  if (lbs == nullptr || !lbs->IsArray()) return "";
  std::set<std::string> seen;
  std::string out;
  for (const JsonValue& lb : lbs->GetArray()) {
    std::string_view a = StringAt(lb, "ip");
    if (a.empty()) a = StringAt(lb, "hostname");
    if (a.empty() || !seen.insert(std::string(a)).second) continue;
    out += (out.empty() ? "" : ",") + std::string(a);
  }
  return out;
}

std::string IngressClassParameters(const JsonValue& ic) {
  const JsonValue* p = Path(ic, "spec.parameters");
  if (p == nullptr || !p->IsObject()) return "<none>";
  std::string out(StringAt(*p, "kind"));
  if (const JsonValue* g = Member(*p, "apiGroup"); g != nullptr && g->IsString()) {
    out += "." + std::string(View(*g));
  }
  return out + "/" + std::string(StringAt(*p, "name"));
}

std::string SlicePorts(const JsonValue& slice) {
  const JsonValue* ports = Member(slice, "ports");
  std::vector<std::string> list;
  size_t count = ports != nullptr && ports->IsArray() ? ports->Size() : 0;
  for (size_t i = 0; i < count && i < 3; ++i) {
    const JsonValue& p = (*ports)[static_cast<rapidjson::SizeType>(i)];
    if (auto n = IntAt(p, "port")) {
      list.push_back(std::to_string(*n));
    } else {
      list.emplace_back(StringAt(p, "name", "*"));
    }
  }
  return FirstThree(list, count, "<unset>");
}

std::string SliceEndpoints(const JsonValue& slice) {
  const JsonValue* eps = Member(slice, "endpoints");
  std::vector<std::string> list;
  size_t count = 0;
  if (eps != nullptr && eps->IsArray()) {
    for (const JsonValue& ep : eps->GetArray()) {
      const JsonValue* addrs = Member(ep, "addresses");
      if (addrs == nullptr || !addrs->IsArray()) continue;
      for (const JsonValue& a : addrs->GetArray()) {
        if (list.size() < 3) list.emplace_back(View(a));
        ++count;
      }
    }
  }
  return FirstThree(list, count, "<unset>");
}

}  // namespace

void UseIngressTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Class", "The IngressClass of the ingress."),
                  Col("Hosts", "The hosts the rules match."),
                  Col("Address", "Where the load balancer accepts traffic."),
                  Col("Ports", "The ports the ingress serves.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(OrNone(StringAt(o, "spec.ingressClassName"))));
                   c->push_back(StringCell(IngressHosts(o)));
                   c->push_back(StringCell(IngressAddress(o)));
                   c->push_back(StringCell(MemberCount(o, "spec.tls") > 0 ? "80, 443" : "80"));
                 });
}

void UseIngressClassTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("Controller", "The controller that implements the class."),
                  Col("Parameters", "The object holding the class's parameters.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "spec.controller")));
                   c->push_back(StringCell(IngressClassParameters(o)));
                 });
}

void UseNetworkPolicyTable(ResourceInfo& info) {
  NameColumnsAge(info, {Col("Pod-Selector", "The pods the policy applies to.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(FormatLabelSelector(Path(o, "spec.podSelector"))));
                 });
}

void UseEndpointSliceTable(ResourceInfo& info) {
  NameColumnsAge(info,
                 {Col("AddressType", "The kind of the addresses."),
                  Col("Ports", "The ports of the endpoints."),
                  Col("Endpoints", "The addresses of the endpoints.")},
                 [](const JsonValue& o, std::vector<std::string>* c) {
                   c->push_back(StringCell(StringAt(o, "addressType")));
                   c->push_back(StringCell(SlicePorts(o)));
                   c->push_back(StringCell(SliceEndpoints(o)));
                 });
}

}  // namespace ekslite::apiserver
