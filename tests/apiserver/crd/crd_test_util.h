// Shared by the CRD tests: a Widget CRD (example.com, namespaced) with a
// schema that has defaults, an enum, bounds, preserved fields, printer
// columns, short names, the category "all", and status and scale
// subresources; and helpers to edit it.
#ifndef EKSLITE_TESTS_APISERVER_CRD_CRD_TEST_UTIL_H_
#define EKSLITE_TESTS_APISERVER_CRD_CRD_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/api_handler.h"
#include "core/json.h"
#include "storage/store.h"
#include "tests/testing/test_api.h"

namespace ekslite::apiserver::crd_test {

inline constexpr const char* kWidgetCrd = R"({
  "apiVersion": "apiextensions.k8s.io/v1",
  "kind": "CustomResourceDefinition",
  "metadata": {"name": "widgets.example.com"},
  "spec": {
    "group": "example.com",
    "scope": "Namespaced",
    "names": {"plural": "widgets", "singular": "widget", "kind": "Widget",
              "shortNames": ["wd"], "categories": ["all"]},
    "versions": [{
      "name": "v1", "served": true, "storage": true,
      "schema": {"openAPIV3Schema": {
        "type": "object",
        "description": "A widget for tests.",
        "properties": {
          "spec": {
            "type": "object",
            "description": "What the widget should be.",
            "properties": {
              "color": {"type": "string", "enum": ["red", "blue"], "default": "red",
                        "description": "The colour."},
              "size": {"type": "integer", "minimum": 1, "maximum": 10},
              "replicas": {"type": "integer", "default": 1},
              "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
            }
          },
          "status": {
            "type": "object",
            "properties": {
              "replicas": {"type": "integer"},
              "phase": {"type": "string"}
            }
          }
        }
      }},
      "subresources": {
        "status": {},
        "scale": {"specReplicasPath": ".spec.replicas",
                  "statusReplicasPath": ".status.replicas"}
      },
      "additionalPrinterColumns": [
        {"name": "Color", "type": "string", "jsonPath": ".spec.color"},
        {"name": "Size", "type": "integer", "jsonPath": ".spec.size", "priority": 1},
        {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
      ]
    }]
  }
})";

// The CRD, parsed.
inline Json WidgetCrd() {
  auto doc = ParseJson(kWidgetCrd);
  return doc.ok() ? std::move(*doc) : Json();
}

inline std::string Text(const JsonValue& v) { return ToJsonString(v); }

// An apiserver handler over a store the test owns (so that a second handler
// can be started over the same store, as a restart does).
class Server {
 public:
  explicit Server(storage::Store& store) {
    auto handler = NewApiHandler(store, ApiHandlerOptions{});
    if (handler.ok()) handler_ = std::move(*handler);
  }
  bool ok() const { return handler_ != nullptr; }

  testing::TestResponse Do(http::Verb verb, const std::string& target, const std::string& body = "",
                           const std::string& content_type = "application/json",
                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    http::Request req(verb, target, 11);
    if (!body.empty()) req.set(http::Field::content_type, content_type);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    Peer peer;
    peer.in_process = true;
    peer.certificate_user = UserInfo{"admin", "", {"system:masters", "system:authenticated"}, {}};
    http::Response r = handler_->Serve(std::move(req), peer);
    testing::TestResponse out;
    out.code = static_cast<int>(r.head.result_int());
    out.body = r.head.body();
    out.content_type = std::string(r.head[http::Field::content_type]);
    out.stream = std::move(r.stream);
    return out;
  }
  testing::TestResponse Get(const std::string& target) { return Do(http::Verb::get, target); }
  testing::TestResponse Post(const std::string& target, const std::string& body) {
    return Do(http::Verb::post, target, body);
  }

 private:
  std::unique_ptr<Handler> handler_;
};

inline constexpr const char* kCrds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
inline constexpr const char* kWidgets = "/apis/example.com/v1/namespaces/default/widgets";

}  // namespace ekslite::apiserver::crd_test

#endif  // EKSLITE_TESTS_APISERVER_CRD_CRD_TEST_UTIL_H_
