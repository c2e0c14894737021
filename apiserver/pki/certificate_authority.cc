#include "apiserver/pki/certificate_authority.h"

#include <utility>

namespace ekslite::apiserver::pki {

CertificateAuthority::CertificateAuthority(X509Ptr cert, EvpPkeyPtr key, std::string cert_pem,
                                           std::string key_pem, Clock& clock)
    : cert_(std::move(cert)),
      key_(std::move(key)),
      certificate_pem_(std::move(cert_pem)),
      private_key_pem_(std::move(key_pem)),
      clock_(&clock) {}

StatusOr<CertificateAuthority> CertificateAuthority::Create(std::string_view common_name,
                                                            Clock& clock,
                                                            std::chrono::hours validity) {
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr key, GenerateEcdsaP256Key());
  CertificateTemplate tmpl;
  tmpl.common_name = std::string(common_name);
  tmpl.usage = CertificateUsage::kCertificateAuthority;
  tmpl.not_before = clock.Now() - kBackdate;
  tmpl.not_after = clock.Now() + validity;
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, SignCertificate(tmpl, key.get(), nullptr, key.get()));
  EKS_ASSIGN_OR_RETURN(std::string cert_pem, CertificateToPem(cert.get()));
  EKS_ASSIGN_OR_RETURN(std::string key_pem, PrivateKeyToPem(key.get()));
  return CertificateAuthority(std::move(cert), std::move(key), std::move(cert_pem),
                              std::move(key_pem), clock);
}

StatusOr<CertificateAuthority> CertificateAuthority::Load(std::string_view certificate_pem,
                                                          std::string_view private_key_pem,
                                                          Clock& clock) {
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(certificate_pem));
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr key, ParsePrivateKeyPem(private_key_pem));
  EKS_RETURN_IF_ERROR(CheckKeyMatchesCertificate(certificate_pem, private_key_pem));
  EKS_ASSIGN_OR_RETURN(CertificateInfo info, DescribeCertificate(certificate_pem));
  if (!info.is_ca) return Status(Code::kInvalid, "certificate is not a CA");
  return CertificateAuthority(std::move(cert), std::move(key), std::string(certificate_pem),
                              std::string(private_key_pem), clock);
}

StatusOr<KeyAndCertificate> CertificateAuthority::Issue(CertificateTemplate tmpl,
                                                        std::chrono::hours validity) const {
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr key, GenerateEcdsaP256Key());
  Clock::time_point now = clock_->Now();
  tmpl.not_before = now - kBackdate;
  tmpl.not_after = now + validity;
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, SignCertificate(tmpl, key.get(), cert_.get(), key_.get()));
  KeyAndCertificate result;
  EKS_ASSIGN_OR_RETURN(result.certificate_pem, CertificateToPem(cert.get()));
  EKS_ASSIGN_OR_RETURN(result.private_key_pem, PrivateKeyToPem(key.get()));
  return result;
}

StatusOr<KeyAndCertificate> CertificateAuthority::IssueClientCertificate(
    std::string_view common_name, const std::vector<std::string>& organizations,
    std::chrono::hours validity) const {
  CertificateTemplate tmpl;
  tmpl.common_name = std::string(common_name);
  tmpl.organizations = organizations;
  tmpl.usage = CertificateUsage::kClient;
  return Issue(std::move(tmpl), validity);
}

StatusOr<KeyAndCertificate> CertificateAuthority::IssueServingCertificate(
    std::string_view common_name, const std::vector<std::string>& dns_names,
    const std::vector<std::string>& ip_addresses, std::chrono::hours validity) const {
  CertificateTemplate tmpl;
  tmpl.common_name = std::string(common_name);
  tmpl.dns_names = dns_names;
  tmpl.ip_addresses = ip_addresses;
  tmpl.usage = CertificateUsage::kServer;
  return Issue(std::move(tmpl), validity);
}

Status CertificateAuthority::Verify(std::string_view certificate_pem) const {
  return VerifyCertificate(certificate_pem, certificate_pem_, clock_->Now());
}

}  // namespace ekslite::apiserver::pki
