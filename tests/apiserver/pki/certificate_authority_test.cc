#include "apiserver/pki/certificate_authority.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ekslite::apiserver::pki {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST(CertificateAuthorityTest, CreatesASelfSignedCa) {
  auto ca = CertificateAuthority::Create("ekslite-ca", RealClock());
  ASSERT_TRUE(ca.ok()) << ca.status().ToString();
  auto info = DescribeCertificate(ca->certificate_pem());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->common_name, "ekslite-ca");
  EXPECT_TRUE(info->is_ca);
  EXPECT_TRUE(ca->Verify(ca->certificate_pem()).ok());
  EXPECT_NE(ca->private_key_pem().find("BEGIN PRIVATE KEY"), std::string::npos);
}

TEST(CertificateAuthorityTest, IssuesClientCertificatesThatVerify) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  ASSERT_TRUE(ca.ok());
  auto kc = ca->IssueClientCertificate("jane", {"dev", "ops"});
  ASSERT_TRUE(kc.ok()) << kc.status().ToString();
  EXPECT_TRUE(ca->Verify(kc->certificate_pem).ok());
  EXPECT_TRUE(CheckKeyMatchesCertificate(kc->certificate_pem, kc->private_key_pem).ok());
  auto info = DescribeCertificate(kc->certificate_pem);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->common_name, "jane");
  EXPECT_EQ(info->organizations, (std::vector<std::string>{"dev", "ops"}));
  EXPECT_FALSE(info->is_ca);
}

TEST(CertificateAuthorityTest, ServingCertificateCarriesItsNames) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  ASSERT_TRUE(ca.ok());
  auto kc = ca->IssueServingCertificate("srv", {"localhost", "node-1"}, {"127.0.0.1", "::1"});
  ASSERT_TRUE(kc.ok());
  auto info = DescribeCertificate(kc->certificate_pem);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(Contains(info->dns_names, "localhost"));
  EXPECT_TRUE(Contains(info->dns_names, "node-1"));
  EXPECT_TRUE(Contains(info->ip_addresses, "127.0.0.1"));
  EXPECT_TRUE(Contains(info->ip_addresses, "::1"));
}

TEST(CertificateAuthorityTest, BadIpAddressIsInvalid) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(ca->IssueServingCertificate("srv", {}, {"300.1.1.1"}).status().code(), Code::kInvalid);
}

TEST(CertificateAuthorityTest, OtherCasCertificatesDoNotVerify) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  auto other = CertificateAuthority::Create("ca", RealClock());
  ASSERT_TRUE(ca.ok() && other.ok());
  auto kc = other->IssueClientCertificate("mallory", {});
  ASSERT_TRUE(kc.ok());
  Status status = ca->Verify(kc->certificate_pem);
  EXPECT_EQ(status.code(), Code::kInvalid);
}

TEST(CertificateAuthorityTest, LoadRoundTripsAndRejectsMismatchedKeys) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  auto other = CertificateAuthority::Create("ca2", RealClock());
  ASSERT_TRUE(ca.ok() && other.ok());
  auto loaded =
      CertificateAuthority::Load(ca->certificate_pem(), ca->private_key_pem(), RealClock());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto kc = loaded->IssueClientCertificate("x", {});
  ASSERT_TRUE(kc.ok());
  EXPECT_TRUE(ca->Verify(kc->certificate_pem).ok());
  EXPECT_EQ(CertificateAuthority::Load(ca->certificate_pem(), other->private_key_pem(), RealClock())
                .status()
                .code(),
            Code::kInvalid);
  EXPECT_EQ(CertificateAuthority::Load("garbage", "garbage", RealClock()).status().code(),
            Code::kInvalid);
}

TEST(CertificateAuthorityTest, LeafIsNotACa) {
  auto ca = CertificateAuthority::Create("ca", RealClock());
  ASSERT_TRUE(ca.ok());
  auto kc = ca->IssueClientCertificate("x", {});
  ASSERT_TRUE(kc.ok());
  EXPECT_EQ(CertificateAuthority::Load(kc->certificate_pem, kc->private_key_pem, RealClock())
                .status()
                .code(),
            Code::kInvalid);
}

}  // namespace
}  // namespace ekslite::apiserver::pki
