#include "apiserver/kubeconfig.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

#include "apiserver/pki/file_io.h"
#include "core/base64.h"

namespace ekslite::apiserver {
namespace {

KubeconfigOptions Sample() {
  KubeconfigOptions options;
  options.server_url = "https://127.0.0.1:6443";
  options.ca_pem = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
  options.client_certificate_pem = "-----BEGIN CERTIFICATE-----\nME\n-----END CERTIFICATE-----\n";
  options.client_key_pem = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n";
  return options;
}

TEST(KubeconfigTest, RendersOneClusterUserAndContext) {
  YAML::Node doc = YAML::Load(RenderKubeconfig(Sample()));
  EXPECT_EQ(doc["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(doc["kind"].as<std::string>(), "Config");
  EXPECT_EQ(doc["current-context"].as<std::string>(), "ekslite");
  ASSERT_EQ(doc["clusters"].size(), 1u);
  YAML::Node cluster = doc["clusters"][0];
  EXPECT_EQ(cluster["name"].as<std::string>(), "ekslite");
  EXPECT_EQ(cluster["cluster"]["server"].as<std::string>(), "https://127.0.0.1:6443");
  EXPECT_EQ(Base64Decode(cluster["cluster"]["certificate-authority-data"].as<std::string>()),
            Sample().ca_pem);
  YAML::Node user = doc["users"][0];
  EXPECT_EQ(user["name"].as<std::string>(), "ekslite");
  EXPECT_EQ(Base64Decode(user["user"]["client-certificate-data"].as<std::string>()),
            Sample().client_certificate_pem);
  EXPECT_EQ(Base64Decode(user["user"]["client-key-data"].as<std::string>()),
            Sample().client_key_pem);
  YAML::Node context = doc["contexts"][0];
  EXPECT_EQ(context["name"].as<std::string>(), "ekslite");
  EXPECT_EQ(context["context"]["cluster"].as<std::string>(), "ekslite");
  EXPECT_EQ(context["context"]["user"].as<std::string>(), "ekslite");
}

TEST(KubeconfigTest, WritesAPrivateFileAndReplacesIt) {
  std::string tmpl = ::testing::TempDir() + "/kubeconfig_XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  std::string path = tmpl + "/kubeconfig";
  KubeconfigOptions options = Sample();
  ASSERT_TRUE(WriteKubeconfig(path, options).ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  options.server_url = "https://127.0.0.1:7000";
  ASSERT_TRUE(WriteKubeconfig(path, options).ok());
  EXPECT_EQ(*pki::ReadFile(path), RenderKubeconfig(options));
  // Only the kubeconfig is left: no temporary files.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmpl),
                          std::filesystem::directory_iterator()),
            1);
  std::filesystem::remove_all(tmpl);
}

TEST(KubeconfigTest, WriteToMissingDirectoryFails) {
  EXPECT_FALSE(WriteKubeconfig("/nonexistent-dir/kubeconfig", Sample()).ok());
}

TEST(KubeconfigTest, LocalServerUrlUsesLoopbackOfTheListenFamily) {
  EXPECT_EQ(LocalServerUrl("127.0.0.1", 6443), "https://127.0.0.1:6443");
  EXPECT_EQ(LocalServerUrl("0.0.0.0", 6443), "https://127.0.0.1:6443");
  EXPECT_EQ(LocalServerUrl("::", 1234), "https://[::1]:1234");
  EXPECT_EQ(LocalServerUrl("::1", 1234), "https://[::1]:1234");
  EXPECT_EQ(LocalServerUrl("[::1]", 1234), "https://[::1]:1234");
  EXPECT_EQ(LocalServerUrl("192.168.1.5", 80), "https://192.168.1.5:80");
  EXPECT_EQ(LocalServerUrl("fd00::5", 80), "https://[fd00::5]:80");
}

}  // namespace
}  // namespace ekslite::apiserver
