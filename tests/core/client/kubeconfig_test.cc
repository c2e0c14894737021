#include "core/client/kubeconfig.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "apiserver/kubeconfig.h"

namespace ekslite::client {
namespace {

TEST(KubeconfigTest, ReadsWhatTheServerWrites) {
  apiserver::KubeconfigOptions o;
  o.server_url = "https://127.0.0.1:6443";
  o.ca_pem = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
  o.client_certificate_pem = "-----BEGIN CERTIFICATE-----\nME\n-----END CERTIFICATE-----\n";
  o.client_key_pem = "-----BEGIN EC PRIVATE KEY-----\nKEY\n-----END EC PRIVATE KEY-----\n";
  auto config = ParseKubeconfig(apiserver::RenderKubeconfig(o));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server, o.server_url);
  EXPECT_EQ(config->ca_pem, o.ca_pem);
  EXPECT_EQ(config->client_certificate_pem, o.client_certificate_pem);
  EXPECT_EQ(config->client_key_pem, o.client_key_pem);
  EXPECT_TRUE(config->token.empty());
  EXPECT_FALSE(config->insecure_skip_tls_verify);
}

constexpr char kTwoContexts[] = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: remote
  cluster:
    server: https://example.com:8443/prefix
    certificate-authority: ca.pem
    tls-server-name: api.internal
- name: local
  cluster:
    server: https://[::1]:6443
    insecure-skip-tls-verify: true
users:
- name: bot
  user:
    tokenFile: token.txt
- name: inline
  user:
    token: abc.def
contexts:
- name: dev
  context:
    cluster: remote
    user: bot
    namespace: team-a
- name: ci
  context:
    cluster: local
    user: inline
)";

TEST(KubeconfigTest, FileReferencesTokensAndContexts) {
  char dir_template[] = "/tmp/kubeconfig-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template;
  std::ofstream(dir + "/ca.pem") << "CA FROM FILE";
  std::ofstream(dir + "/token.txt") << "secret-token\n";
  std::ofstream(dir + "/config") << kTwoContexts;

  auto dev = LoadKubeconfig(dir + "/config");
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  EXPECT_EQ(dev->server, "https://example.com:8443/prefix");
  EXPECT_EQ(dev->ca_pem, "CA FROM FILE");
  EXPECT_EQ(dev->tls_server_name, "api.internal");
  EXPECT_EQ(dev->token, "secret-token");
  EXPECT_EQ(dev->namespace_, "team-a");

  auto ci = LoadKubeconfig(dir + "/config", "ci");
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  EXPECT_EQ(ci->server, "https://[::1]:6443");
  EXPECT_TRUE(ci->insecure_skip_tls_verify);
  EXPECT_EQ(ci->token, "abc.def");

  EXPECT_EQ(LoadKubeconfig(dir + "/config", "nope").status().code(), Code::kInvalid);
  EXPECT_EQ(LoadKubeconfig(dir + "/missing").status().code(), Code::kNotFound);
  unlink((dir + "/ca.pem").c_str());
  EXPECT_EQ(LoadKubeconfig(dir + "/config").status().code(), Code::kNotFound);
  unlink((dir + "/token.txt").c_str());
  unlink((dir + "/config").c_str());
  rmdir(dir.c_str());
}

TEST(KubeconfigTest, MalformedConfigsAreInvalid) {
  EXPECT_EQ(ParseKubeconfig("apiVersion: v1\n").status().code(), Code::kInvalid);
  EXPECT_EQ(ParseKubeconfig("current-context: x\ncontexts:\n- name: x\n  context:\n    cluster: "
                            "c\nclusters:\n- name: c\n  cluster: {}\n")
                .status()
                .code(),
            Code::kInvalid);  // no server
  EXPECT_EQ(ParseKubeconfig("current-context: x\ncontexts:\n- name: x\n  context:\n    cluster: "
                            "c\nclusters:\n- name: c\n  cluster:\n    server: https://h\n    "
                            "certificate-authority-data: '%%%'\n")
                .status()
                .code(),
            Code::kInvalid);  // not base64
  EXPECT_EQ(ParseKubeconfig(": [").status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace ekslite::client
