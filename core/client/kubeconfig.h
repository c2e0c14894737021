// Reading a kubeconfig: the server, the trusted CA and the credentials of one
// context, as the ekslite server writes them (DIR/kubeconfig: everything
// embedded as *-data) or as kubectl users keep them (file references, a token
// or token file).
#ifndef EKSLITE_CORE_CLIENT_KUBECONFIG_H_
#define EKSLITE_CORE_CLIENT_KUBECONFIG_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace ekslite::client {

// What a client needs to reach and authenticate to one cluster.
struct ClientConfig {
  std::string server;  // "https://127.0.0.1:6443" (a path prefix is allowed)
  std::string ca_pem;  // CAs the server is checked against; "" = the system's
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;  // checked instead of the server's host, if set
  std::string client_certificate_pem;
  std::string client_key_pem;
  std::string token;       // a bearer token
  std::string namespace_;  // the context's default namespace ("" if none)
};

// Reads `context` (the current context when "") of the kubeconfig document
// `yaml`. File references are resolved against `base_dir`. kInvalid naming
// what is missing or malformed (no such context, cluster or user; no server;
// bad base64); kNotFound when a referenced file cannot be read.
StatusOr<ClientConfig> ParseKubeconfig(std::string_view yaml, std::string_view context = "",
                                       const std::string& base_dir = ".");

// Reads the kubeconfig file at `path` (file references relative to its
// directory). kNotFound when it cannot be read; else as ParseKubeconfig.
StatusOr<ClientConfig> LoadKubeconfig(const std::string& path, std::string_view context = "");

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_KUBECONFIG_H_
