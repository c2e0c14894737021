// The kubeconfig the server writes for its admin: one cluster, user and
// context, all named "ekslite", with the CA, client certificate and key
// embedded, so that `kubectl --kubeconfig DIR/kubeconfig` works from anywhere.
#ifndef EKSLITE_APISERVER_KUBECONFIG_H_
#define EKSLITE_APISERVER_KUBECONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::apiserver {

struct KubeconfigOptions {
  std::string server_url;  // "https://127.0.0.1:6443"
  std::string ca_pem;
  std::string client_certificate_pem;
  std::string client_key_pem;
  std::string name = "ekslite";  // of the cluster, the user and the context
};

// The URL clients on this machine use to reach a server listening on
// `listen_address`:`port`: the loopback address of the same family when the
// listen address is a wildcard ("0.0.0.0" -> "https://127.0.0.1:6443",
// "::" -> "https://[::1]:6443"), else the address itself.
std::string LocalServerUrl(std::string_view listen_address, uint16_t port);

// The kubeconfig document (YAML) for `options`.
std::string RenderKubeconfig(const KubeconfigOptions& options);

// Writes RenderKubeconfig(options) to `path` atomically with mode 0600.
// kInternal (with the path and reason) when it cannot be written.
Status WriteKubeconfig(const std::string& path, const KubeconfigOptions& options);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_KUBECONFIG_H_
