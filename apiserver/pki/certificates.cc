#include "apiserver/pki/certificates.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <ctime>

namespace ekslite::apiserver::pki {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME, GENERAL_NAME_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

Status SetRandomSerial(X509* cert) {
  BignumPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert))) {
    return OpenSslError(Code::kInternal, "generating a certificate serial number");
  }
  return Status::Ok();
}

Status SetValidity(X509* cert, Clock::time_point not_before, Clock::time_point not_after) {
  if (!ASN1_TIME_set(X509_getm_notBefore(cert), std::chrono::system_clock::to_time_t(not_before)) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert), std::chrono::system_clock::to_time_t(not_after))) {
    return OpenSslError(Code::kInternal, "setting certificate validity");
  }
  return Status::Ok();
}

Status AddNameEntry(X509_NAME* name, const char* field, const std::string& value) {
  if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                  reinterpret_cast<const unsigned char*>(value.data()),
                                  static_cast<int>(value.size()), -1, 0)) {
    return OpenSslError(Code::kInvalid, std::string("certificate subject ") + field + "=" + value);
  }
  return Status::Ok();
}

Status SetSubject(X509* cert, const CertificateTemplate& tmpl) {
  X509_NAME* name = X509_get_subject_name(cert);
  for (const std::string& org : tmpl.organizations) {
    EKS_RETURN_IF_ERROR(AddNameEntry(name, "O", org));
  }
  if (!tmpl.common_name.empty()) EKS_RETURN_IF_ERROR(AddNameEntry(name, "CN", tmpl.common_name));
  return Status::Ok();
}

// Adds one extension written in OpenSSL's configuration syntax. The values
// are constants of this file, never user input.
Status AddExtension(X509V3_CTX* ctx, X509* cert, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  if (ext == nullptr) return OpenSslError(Code::kInternal, std::string("extension ") + value);
  int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!added) return OpenSslError(Code::kInternal, std::string("adding extension ") + value);
  return Status::Ok();
}

Status AddUsageExtensions(X509V3_CTX* ctx, X509* cert, CertificateUsage usage, bool self_signed) {
  bool ca = usage == CertificateUsage::kCertificateAuthority;
  EKS_RETURN_IF_ERROR(AddExtension(ctx, cert, NID_basic_constraints,
                                   ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  EKS_RETURN_IF_ERROR(AddExtension(
      ctx, cert, NID_key_usage,
      ca ? "critical,digitalSignature,keyCertSign,cRLSign" : "critical,digitalSignature"));
  if (usage == CertificateUsage::kServer) {
    EKS_RETURN_IF_ERROR(AddExtension(ctx, cert, NID_ext_key_usage, "serverAuth"));
  } else if (usage == CertificateUsage::kClient) {
    EKS_RETURN_IF_ERROR(AddExtension(ctx, cert, NID_ext_key_usage, "clientAuth"));
  }
  EKS_RETURN_IF_ERROR(AddExtension(ctx, cert, NID_subject_key_identifier, "hash"));
  if (!self_signed) {
    EKS_RETURN_IF_ERROR(AddExtension(ctx, cert, NID_authority_key_identifier, "keyid:always"));
  }
  return Status::Ok();
}

// Builds the subjectAltName from structured values (a host name may contain
// anything, so it never goes through the configuration syntax).
Status AddSubjectAltNames(X509* cert, const CertificateTemplate& tmpl) {
  if (tmpl.dns_names.empty() && tmpl.ip_addresses.empty()) return Status::Ok();
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return OpenSslError(Code::kInternal, "allocating subjectAltName");
  for (const std::string& dns : tmpl.dns_names) {
    GeneralNamePtr name(GENERAL_NAME_new());
    ASN1_IA5STRING* value = ASN1_IA5STRING_new();
    if (!name || !value || !ASN1_STRING_set(value, dns.data(), static_cast<int>(dns.size()))) {
      ASN1_IA5STRING_free(value);
      return OpenSslError(Code::kInternal, "subjectAltName DNS:" + dns);
    }
    GENERAL_NAME_set0_value(name.get(), GEN_DNS, value);
    if (!sk_GENERAL_NAME_push(names.get(), name.get())) {
      return OpenSslError(Code::kInternal, "subjectAltName");
    }
    name.release();
  }
  for (const std::string& ip : tmpl.ip_addresses) {
    ASN1_OCTET_STRING* value = a2i_IPADDRESS(ip.c_str());
    if (value == nullptr) {
      ERR_clear_error();
      return Status(Code::kInvalid, "subjectAltName: not an IP address: " + ip);
    }
    GeneralNamePtr name(GENERAL_NAME_new());
    if (!name) {
      ASN1_OCTET_STRING_free(value);
      return OpenSslError(Code::kInternal, "subjectAltName");
    }
    GENERAL_NAME_set0_value(name.get(), GEN_IPADD, value);
    if (!sk_GENERAL_NAME_push(names.get(), name.get())) {
      return OpenSslError(Code::kInternal, "subjectAltName");
    }
    name.release();
  }
  if (!X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT)) {
    return OpenSslError(Code::kInternal, "adding subjectAltName");
  }
  return Status::Ok();
}

std::string Asn1ToUtf8(const ASN1_STRING* s) {
  unsigned char* out = nullptr;
  int n = ASN1_STRING_to_UTF8(&out, s);
  if (n < 0) return "";
  std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  OPENSSL_free(out);
  return result;
}

Clock::time_point Asn1TimeToTimePoint(const ASN1_TIME* t) {
  std::tm tm{};
  if (!ASN1_TIME_to_tm(t, &tm)) return Clock::time_point();
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

void ReadSubjectAltNames(X509* cert, CertificateInfo* info) {
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* s = name->d.dNSName;
      info->dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                   static_cast<size_t>(ASN1_STRING_length(s)));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = name->d.iPAddress;
      int len = ASN1_STRING_length(s);
      char buf[INET6_ADDRSTRLEN] = {};
      int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
      if (family != 0 && inet_ntop(family, ASN1_STRING_get0_data(s), buf, sizeof(buf))) {
        info->ip_addresses.emplace_back(buf);
      }
    }
  }
}

}  // namespace

StatusOr<EvpPkeyPtr> GenerateEcdsaP256Key() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return OpenSslError(Code::kInternal, "generating an ECDSA P-256 key");
  return key;
}

StatusOr<X509Ptr> SignCertificate(const CertificateTemplate& tmpl, EVP_PKEY* subject_key,
                                  X509* issuer_cert, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), X509_VERSION_3)) {
    return OpenSslError(Code::kInternal, "X509_new");
  }
  EKS_RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  EKS_RETURN_IF_ERROR(SetValidity(cert.get(), tmpl.not_before, tmpl.not_after));
  EKS_RETURN_IF_ERROR(SetSubject(cert.get(), tmpl));
  bool self_signed = issuer_cert == nullptr;
  X509_NAME* issuer_name = X509_get_subject_name(self_signed ? cert.get() : issuer_cert);
  if (!X509_set_issuer_name(cert.get(), issuer_name) || !X509_set_pubkey(cert.get(), subject_key)) {
    return OpenSslError(Code::kInternal, "setting certificate issuer and key");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, self_signed ? cert.get() : issuer_cert, cert.get(), nullptr, nullptr, 0);
  EKS_RETURN_IF_ERROR(AddUsageExtensions(&ctx, cert.get(), tmpl.usage, self_signed));
  EKS_RETURN_IF_ERROR(AddSubjectAltNames(cert.get(), tmpl));
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) {
    return OpenSslError(Code::kInternal, "signing certificate for " + tmpl.common_name);
  }
  return cert;
}

StatusOr<CertificateInfo> DescribeCertificate(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(pem));
  return DescribeCertificate(cert.get());
}

CertificateInfo DescribeCertificate(X509* cert) {
  CertificateInfo info;
  const X509_NAME* subject = X509_get_subject_name(cert);
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    if (nid == NID_commonName) {
      info.common_name = Asn1ToUtf8(X509_NAME_ENTRY_get_data(entry));
    } else if (nid == NID_organizationName) {
      info.organizations.push_back(Asn1ToUtf8(X509_NAME_ENTRY_get_data(entry)));
    }
  }
  ReadSubjectAltNames(cert, &info);
  info.is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
  info.not_before = Asn1TimeToTimePoint(X509_get0_notBefore(cert));
  info.not_after = Asn1TimeToTimePoint(X509_get0_notAfter(cert));
  return info;
}

Status VerifyCertificate(std::string_view cert_pem, std::string_view ca_pem, Clock::time_point at) {
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(cert_pem));
  EKS_ASSIGN_OR_RETURN(X509Ptr ca, ParseCertificatePem(ca_pem));
  StorePtr store(X509_STORE_new());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !ctx || !X509_STORE_add_cert(store.get(), ca.get()) ||
      !X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr)) {
    return OpenSslError(Code::kInternal, "setting up certificate verification");
  }
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()),
                             std::chrono::system_clock::to_time_t(at));
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return Status(Code::kInvalid, std::string("certificate verification failed: ") +
                                      X509_verify_cert_error_string(err));
  }
  return Status::Ok();
}

Status CheckKeyMatchesCertificate(std::string_view cert_pem, std::string_view key_pem) {
  EKS_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(cert_pem));
  EKS_ASSIGN_OR_RETURN(EvpPkeyPtr key, ParsePrivateKeyPem(key_pem));
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return OpenSslError(Code::kInvalid, "private key does not match certificate");
  }
  return Status::Ok();
}

}  // namespace ekslite::apiserver::pki
