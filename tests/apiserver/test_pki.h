// Certificates for tests that need a TLS server and clients: one cluster CA
// with a serving certificate for 127.0.0.1 and an admin client certificate,
// and a second, unrelated CA with a client certificate of its own.
#ifndef EKSLITE_TESTS_APISERVER_TEST_PKI_H_
#define EKSLITE_TESTS_APISERVER_TEST_PKI_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "apiserver/pki/certificate_authority.h"

namespace ekslite::testing {

struct TestPki {
  std::string ca_pem;
  apiserver::pki::KeyAndCertificate server;
  apiserver::pki::KeyAndCertificate admin;     // CN=admin, O=system:masters
  apiserver::pki::KeyAndCertificate stranger;  // issued by another CA
};

// Created once per test binary (ECDSA keys are cheap, but not free).
inline const TestPki& GetTestPki() {
  static const TestPki* pki = [] {
    auto ca = apiserver::pki::CertificateAuthority::Create("test-ca", RealClock());
    auto other = apiserver::pki::CertificateAuthority::Create("other-ca", RealClock());
    EXPECT_TRUE(ca.ok() && other.ok());
    auto* p = new TestPki;
    p->ca_pem = ca->certificate_pem();
    p->server = *ca->IssueServingCertificate("test-server", {"localhost"}, {"127.0.0.1", "::1"});
    p->admin = *ca->IssueClientCertificate("admin", {"system:masters"});
    p->stranger = *other->IssueClientCertificate("mallory", {"system:masters"});
    return p;
  }();
  return *pki;
}

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_APISERVER_TEST_PKI_H_
