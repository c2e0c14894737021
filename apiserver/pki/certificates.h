// X.509 certificates for the cluster: ECDSA P-256 keys, issuing certificates
// from a template, reading back what a certificate says, and verifying one
// against a CA. Everything is PEM in and out except where an OpenSSL object
// must be passed between these helpers.
#ifndef EKSLITE_APISERVER_PKI_CERTIFICATES_H_
#define EKSLITE_APISERVER_PKI_CERTIFICATES_H_

#include <string>
#include <string_view>
#include <vector>

#include "apiserver/pki/openssl_util.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::apiserver::pki {

// What a certificate may be used for; decides basicConstraints, keyUsage and
// extendedKeyUsage.
enum class CertificateUsage {
  kCertificateAuthority,  // CA:TRUE, keyCertSign + cRLSign
  kServer,                // CA:FALSE, digitalSignature, serverAuth
  kClient,                // CA:FALSE, digitalSignature, clientAuth
};

struct CertificateTemplate {
  std::string common_name;
  std::vector<std::string> organizations;  // one O attribute each, in order
  std::vector<std::string> dns_names;      // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;   // subjectAltName IP entries, "127.0.0.1", "::1"
  CertificateUsage usage = CertificateUsage::kClient;
  Clock::time_point not_before;
  Clock::time_point not_after;
};

// A certificate and its private key, both PEM.
struct KeyAndCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// What a certificate says, as far as the cluster cares.
struct CertificateInfo {
  std::string common_name;  // the last CN attribute of the subject, "" if none
  std::vector<std::string> organizations;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;  // in inet_ntop form
  bool is_ca = false;
  Clock::time_point not_before;
  Clock::time_point not_after;
};

// A fresh ECDSA key on the NIST P-256 curve. kInternal on OpenSSL failure.
StatusOr<EvpPkeyPtr> GenerateEcdsaP256Key();

// Builds a certificate for `subject_key` from `tmpl`, with a random 127-bit
// serial number, signed with SHA-256 by `issuer_key` under `issuer_cert`'s
// subject; self-signed when `issuer_cert` is null (then `issuer_key` must be
// `subject_key`). kInvalid for an IP address that does not parse or a name
// OpenSSL rejects; kInternal on other OpenSSL failures.
StatusOr<X509Ptr> SignCertificate(const CertificateTemplate& tmpl, EVP_PKEY* subject_key,
                                  X509* issuer_cert, EVP_PKEY* issuer_key);

// Reads the subject, SANs, CA flag and validity of `pem`. kInvalid if it does
// not parse.
StatusOr<CertificateInfo> DescribeCertificate(std::string_view pem);
CertificateInfo DescribeCertificate(X509* cert);

// OK when `cert_pem` chains to `ca_pem` and both are valid at `at`; kInvalid
// with OpenSSL's reason otherwise (wrong issuer, bad signature, expired).
Status VerifyCertificate(std::string_view cert_pem, std::string_view ca_pem, Clock::time_point at);

// OK when `key_pem` is the private key of `cert_pem`; kInvalid otherwise.
Status CheckKeyMatchesCertificate(std::string_view cert_pem, std::string_view key_pem);

}  // namespace ekslite::apiserver::pki

#endif  // EKSLITE_APISERVER_PKI_CERTIFICATES_H_
