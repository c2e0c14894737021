#include "apiserver/pki/cluster_pki.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "apiserver/pki/file_io.h"

namespace ekslite::apiserver::pki {
namespace {

class FakeClock : public Clock {
 public:
  time_point Now() const override { return now; }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(now.time_since_epoch()));
  }
  time_point now = std::chrono::system_clock::now();
};

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

mode_t Mode(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class ClusterPkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "/cluster_pki_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    options_.dir = root_ + "/pki";
    options_.host_name = "node-a.example";
    options_.clock = &clock_;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  ClusterPki Load() {
    StatusOr<ClusterPki> pki = LoadOrCreateClusterPki(options_);
    EXPECT_TRUE(pki.ok()) << pki.status().ToString();
    return std::move(*pki);
  }
  std::string File(const std::string& name) { return options_.dir + "/" + name; }

  std::string root_;
  FakeClock clock_;
  ClusterPkiOptions options_;
};

TEST_F(ClusterPkiTest, FirstStartCreatesEverything) {
  ClusterPki pki = Load();
  for (const char* name : {"ca.crt", "ca.key", "server.crt", "server.key", "admin.crt", "admin.key",
                           "sa.key", "sa.pub"}) {
    EXPECT_TRUE(std::filesystem::exists(File(name))) << name;
  }
  for (const char* key : {"ca.key", "server.key", "admin.key", "sa.key"}) {
    EXPECT_EQ(Mode(File(key)), 0600u) << key;
  }
  EXPECT_EQ(Mode(options_.dir), 0700u);

  auto ca = DescribeCertificate(pki.ca.certificate_pem());
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(ca->common_name, "ekslite-ca");

  EXPECT_TRUE(pki.ca.Verify(pki.server.certificate_pem).ok());
  auto server = DescribeCertificate(pki.server.certificate_pem);
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(Contains(server->ip_addresses, "127.0.0.1"));
  EXPECT_TRUE(Contains(server->ip_addresses, "::1"));
  EXPECT_TRUE(Contains(server->dns_names, "localhost"));
  EXPECT_TRUE(Contains(server->dns_names, "node-a.example"));
  EXPECT_TRUE(Contains(server->dns_names, "kubernetes.default.svc"));

  EXPECT_TRUE(pki.ca.Verify(pki.admin.certificate_pem).ok());
  auto admin = DescribeCertificate(pki.admin.certificate_pem);
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->common_name, "admin");
  EXPECT_EQ(admin->organizations, std::vector<std::string>{"system:masters"});

  auto sa_key = ParsePrivateKeyPem(pki.service_account_private_key_pem);
  ASSERT_TRUE(sa_key.ok());
  EXPECT_EQ(EVP_PKEY_get_base_id(sa_key->get()), EVP_PKEY_EC);
  EXPECT_EQ(*PublicKeyToPem(sa_key->get()), pki.service_account_public_key_pem);
  EXPECT_EQ(*ReadFile(File("sa.pub")), pki.service_account_public_key_pem);
}

TEST_F(ClusterPkiTest, SecondStartReusesEverything) {
  ClusterPki first = Load();
  ClusterPki second = Load();
  EXPECT_EQ(first.ca.certificate_pem(), second.ca.certificate_pem());
  EXPECT_EQ(first.server.certificate_pem, second.server.certificate_pem);
  EXPECT_EQ(first.server.private_key_pem, second.server.private_key_pem);
  EXPECT_EQ(first.admin.certificate_pem, second.admin.certificate_pem);
  EXPECT_EQ(first.service_account_private_key_pem, second.service_account_private_key_pem);
}

TEST_F(ClusterPkiTest, OnlyTheMissingPairIsRegenerated) {
  ClusterPki first = Load();
  std::filesystem::remove(File("server.key"));
  ClusterPki second = Load();
  EXPECT_EQ(first.ca.certificate_pem(), second.ca.certificate_pem());
  EXPECT_EQ(first.admin.certificate_pem, second.admin.certificate_pem);
  EXPECT_NE(first.server.certificate_pem, second.server.certificate_pem);
  EXPECT_TRUE(second.ca.Verify(second.server.certificate_pem).ok());
}

TEST_F(ClusterPkiTest, UnreadableFileIsRegenerated) {
  ClusterPki first = Load();
  ASSERT_TRUE(WriteFileAtomically(File("admin.crt"), "garbage", 0644).ok());
  ClusterPki second = Load();
  EXPECT_NE(first.admin.certificate_pem, second.admin.certificate_pem);
  EXPECT_TRUE(second.ca.Verify(second.admin.certificate_pem).ok());
  EXPECT_EQ(first.server.certificate_pem, second.server.certificate_pem);
}

TEST_F(ClusterPkiTest, NewCaReissuesWhatItSigns) {
  ClusterPki first = Load();
  std::filesystem::remove(File("ca.key"));
  ClusterPki second = Load();
  EXPECT_NE(first.ca.certificate_pem(), second.ca.certificate_pem());
  EXPECT_TRUE(second.ca.Verify(second.server.certificate_pem).ok());
  EXPECT_TRUE(second.ca.Verify(second.admin.certificate_pem).ok());
  // The service-account key does not depend on the CA.
  EXPECT_EQ(first.service_account_private_key_pem, second.service_account_private_key_pem);
}

TEST_F(ClusterPkiTest, HostNameChangeReissuesTheServingCertificate) {
  ClusterPki first = Load();
  options_.host_name = "node-b.example";
  ClusterPki second = Load();
  EXPECT_EQ(first.ca.certificate_pem(), second.ca.certificate_pem());
  EXPECT_EQ(first.admin.certificate_pem, second.admin.certificate_pem);
  auto server = DescribeCertificate(second.server.certificate_pem);
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(Contains(server->dns_names, "node-b.example"));
}

TEST_F(ClusterPkiTest, InvalidHostNameIsLeftOut) {
  options_.host_name = "bad host,name";
  ClusterPki pki = Load();
  auto server = DescribeCertificate(pki.server.certificate_pem);
  ASSERT_TRUE(server.ok());
  EXPECT_FALSE(Contains(server->dns_names, "bad host,name"));
  EXPECT_TRUE(Contains(server->dns_names, "localhost"));
}

TEST_F(ClusterPkiTest, ExtraIpAddressIsAdded) {
  options_.extra_ip_addresses = {"10.96.0.1"};
  ClusterPki pki = Load();
  auto server = DescribeCertificate(pki.server.certificate_pem);
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(Contains(server->ip_addresses, "10.96.0.1"));
}

TEST_F(ClusterPkiTest, LeavesNearExpiryAreRenewed) {
  ClusterPki first = Load();
  clock_.now += std::chrono::hours(24 * 340);
  ClusterPki second = Load();
  EXPECT_EQ(first.ca.certificate_pem(), second.ca.certificate_pem());
  EXPECT_NE(first.server.certificate_pem, second.server.certificate_pem);
  EXPECT_NE(first.admin.certificate_pem, second.admin.certificate_pem);
}

TEST_F(ClusterPkiTest, MissingPublicKeyIsRewrittenFromThePrivateKey) {
  ClusterPki first = Load();
  std::filesystem::remove(File("sa.pub"));
  ClusterPki second = Load();
  EXPECT_EQ(first.service_account_private_key_pem, second.service_account_private_key_pem);
  EXPECT_EQ(*ReadFile(File("sa.pub")), first.service_account_public_key_pem);
}

}  // namespace
}  // namespace ekslite::apiserver::pki
