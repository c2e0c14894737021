#include "apiserver/kubeconfig.h"

#include <arpa/inet.h>

#include <algorithm>

#include "apiserver/pki/file_io.h"
#include "core/base64.h"

namespace ekslite::apiserver {
namespace {

// Values are quoted so that a name never changes the YAML's structure.
std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string LocalServerUrl(std::string_view listen_address, uint16_t port) {
  std::string address(listen_address);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  unsigned char v4[4];
  unsigned char v6[16];
  std::string host;
  if (inet_pton(AF_INET, address.c_str(), v4) == 1) {
    bool wildcard = v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0;
    host = wildcard ? "127.0.0.1" : address;
  } else if (inet_pton(AF_INET6, address.c_str(), v6) == 1) {
    bool wildcard = std::all_of(v6, v6 + 16, [](unsigned char b) { return b == 0; });
    host = "[" + (wildcard ? std::string("::1") : address) + "]";
  } else {
    host = address.empty() || address == "localhost" ? "127.0.0.1" : address;
  }
  return "https://" + host + ":" + std::to_string(port);
}

std::string RenderKubeconfig(const KubeconfigOptions& options) {
  std::string name = Quoted(options.name);
  std::string out;
  out += "apiVersion: v1\n";
  out += "kind: Config\n";
  out += "clusters:\n";
  out += "- name: " + name + "\n";
  out += "  cluster:\n";
  out += "    certificate-authority-data: " + Base64Encode(options.ca_pem) + "\n";
  out += "    server: " + Quoted(options.server_url) + "\n";
  out += "users:\n";
  out += "- name: " + name + "\n";
  out += "  user:\n";
  out += "    client-certificate-data: " + Base64Encode(options.client_certificate_pem) + "\n";
  out += "    client-key-data: " + Base64Encode(options.client_key_pem) + "\n";
  out += "contexts:\n";
  out += "- name: " + name + "\n";
  out += "  context:\n";
  out += "    cluster: " + name + "\n";
  out += "    user: " + name + "\n";
  out += "current-context: " + name + "\n";
  out += "preferences: {}\n";
  return out;
}

Status WriteKubeconfig(const std::string& path, const KubeconfigOptions& options) {
  return pki::WriteFileAtomically(path, RenderKubeconfig(options), 0600);
}

}  // namespace ekslite::apiserver
