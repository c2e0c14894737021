// CertificateAuthority: the cluster CA, which issues serving and client
// certificates. Later components use IssueClientCertificate for kubelets,
// controllers and users (user = CN, groups = O).
#ifndef EKSLITE_APISERVER_PKI_CERTIFICATE_AUTHORITY_H_
#define EKSLITE_APISERVER_PKI_CERTIFICATE_AUTHORITY_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/pki/certificates.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::apiserver::pki {

// Default lifetimes: ten years for the CA, one year for what it issues.
inline constexpr std::chrono::hours kCaValidity{24 * 3650};
inline constexpr std::chrono::hours kLeafValidity{24 * 365};
// Issued certificates start this long before "now", so that a client whose
// clock is a little behind still accepts them.
inline constexpr std::chrono::minutes kBackdate{5};

class CertificateAuthority {
 public:
  // A new self-signed CA with subject CN=`common_name` and an ECDSA P-256 key,
  // valid from `clock`'s now for `validity`. `clock` must outlive the CA.
  static StatusOr<CertificateAuthority> Create(std::string_view common_name, Clock& clock,
                                               std::chrono::hours validity = kCaValidity);

  // Loads a CA from its certificate and private key. kInvalid when either does
  // not parse, the key does not match, or the certificate is not a CA.
  static StatusOr<CertificateAuthority> Load(std::string_view certificate_pem,
                                             std::string_view private_key_pem, Clock& clock);

  CertificateAuthority(CertificateAuthority&&) = default;
  CertificateAuthority& operator=(CertificateAuthority&&) = default;
  CertificateAuthority(const CertificateAuthority&) = delete;
  CertificateAuthority& operator=(const CertificateAuthority&) = delete;

  const std::string& certificate_pem() const { return certificate_pem_; }
  const std::string& private_key_pem() const { return private_key_pem_; }

  // Issues a client certificate (clientAuth) with a fresh P-256 key for user
  // `common_name` in groups `organizations`. Thread-safe.
  StatusOr<KeyAndCertificate> IssueClientCertificate(
      std::string_view common_name, const std::vector<std::string>& organizations,
      std::chrono::hours validity = kLeafValidity) const;

  // Issues a serving certificate (serverAuth) with a fresh P-256 key for the
  // given names. kInvalid for an IP address that does not parse. Thread-safe.
  StatusOr<KeyAndCertificate> IssueServingCertificate(
      std::string_view common_name, const std::vector<std::string>& dns_names,
      const std::vector<std::string>& ip_addresses,
      std::chrono::hours validity = kLeafValidity) const;

  // OK when `certificate_pem` was issued by this CA and is valid now.
  Status Verify(std::string_view certificate_pem) const;

 private:
  CertificateAuthority(X509Ptr cert, EvpPkeyPtr key, std::string cert_pem, std::string key_pem,
                       Clock& clock);

  StatusOr<KeyAndCertificate> Issue(CertificateTemplate tmpl, std::chrono::hours validity) const;

  // OpenSSL 3 allows concurrent signing with one key as long as nobody
  // modifies it; the CA never does.
  X509Ptr cert_;
  EvpPkeyPtr key_;
  std::string certificate_pem_;
  std::string private_key_pem_;
  Clock* clock_;
};

}  // namespace ekslite::apiserver::pki

#endif  // EKSLITE_APISERVER_PKI_CERTIFICATE_AUTHORITY_H_
