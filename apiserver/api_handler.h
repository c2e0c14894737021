// The apiserver's request handler: routing, authentication, the registry of
// every resource, discovery, watch. Built by the composition root
// (cmd/ekslite) around a Store.
#ifndef EKSLITE_APISERVER_API_HANDLER_H_
#define EKSLITE_APISERVER_API_HANDLER_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/authn/authenticator.h"
#include "apiserver/handler.h"
#include "core/clock.h"
#include "core/status.h"
#include "storage/store.h"

namespace ekslite::apiserver {

struct ApiHandlerOptions {
  // Tried in order; the first that returns a user wins.
  std::vector<std::shared_ptr<Authenticator>> authenticators;
  // When false, requests without credentials get 401 (health checks excepted).
  bool anonymous_auth = false;
  std::string service_cidr = "10.96.0.0/12";
  std::string cluster_cidr = "10.244.0.0/16";
  // The cluster CA certificate (PEM), published in kube-root-ca.crt and
  // cluster-info.
  std::string ca_pem;
  Clock* clock = &RealClock();
  // Changes each resource's watch cache remembers; a watch or continue token
  // from before them gets 410 Expired.
  size_t watch_history = 10000;
  // How often watches that allow bookmarks get one.
  std::chrono::milliseconds bookmark_interval{60000};
  // Service-account tokens: the signing key (PEM, ECDSA P-256; empty: one is
  // generated in memory, so tokens do not survive a restart), another public
  // key (PEM) whose tokens are accepted, the issuer (`iss`) and the audiences
  // of API requests (empty: {issuer}).
  std::string service_account_private_key_pem;
  std::string service_account_public_key_pem;
  std::string service_account_issuer = "https://kubernetes.default.svc.cluster.local";
  std::vector<std::string> api_audiences;
  // DefaultTolerationSeconds admission: how long pods tolerate a not-ready
  // or unreachable node before the node lifecycle controller evicts them.
  int64_t default_not_ready_toleration_seconds = 300;
  int64_t default_unreachable_toleration_seconds = 300;
};

// Builds the handler over `store`, which must outlive it. Loads the store's
// contents into the watch cache and creates the bootstrap objects (the four
// system namespaces, the RBAC bootstrap policy, ...) when missing. Every
// request after authentication is authorized with RBAC (members of
// system:masters may do everything). Errors: the store's; kInvalid for an
// unusable service-account key.
StatusOr<std::unique_ptr<Handler>> NewApiHandler(storage::Store& store,
                                                 const ApiHandlerOptions& options);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_API_HANDLER_H_
