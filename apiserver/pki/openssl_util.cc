#include "apiserver/pki/openssl_util.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace ekslite::apiserver::pki {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// A read-only memory BIO over `pem` (which must outlive it).
StatusOr<BioPtr> ReadBio(std::string_view pem) {
  if (pem.size() > INT_MAX) return Status(Code::kInvalid, "PEM input too large");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return OpenSslError(Code::kInternal, "BIO_new_mem_buf");
  return bio;
}

// Runs `write` on a fresh memory BIO and returns what it wrote.
template <typename WriteFn>
StatusOr<std::string> WritePem(std::string_view what, WriteFn write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return OpenSslError(Code::kInternal, "BIO_new");
  if (write(bio.get()) != 1) return OpenSslError(Code::kInternal, what);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

Status OpenSslError(Code code, std::string_view what) {
  std::string message(what);
  bool first = true;
  while (unsigned long err = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof(buf));
    message += first ? ": " : "; ";
    message += buf;
    first = false;
  }
  return Status(code, std::move(message));
}

StatusOr<X509Ptr> ParseCertificatePem(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return OpenSslError(Code::kInvalid, "parsing certificate PEM");
  return cert;
}

StatusOr<std::vector<X509Ptr>> ParseCertificateChainPem(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  std::vector<X509Ptr> chain;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    chain.emplace_back(cert);
  }
  // Reading stops with a "no start line" error at the end of the input.
  if (!chain.empty()) {
    ERR_clear_error();
    return chain;
  }
  return OpenSslError(Code::kInvalid, "parsing certificate PEM");
}

StatusOr<EvpPkeyPtr> ParsePrivateKeyPem(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  // An empty passphrase callback result makes encrypted keys fail instead of
  // prompting on the terminal.
  auto no_password = [](char*, int, int, void*) -> int { return 0; };
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  if (!key) return OpenSslError(Code::kInvalid, "parsing private key PEM");
  return key;
}

StatusOr<EvpPkeyPtr> ParsePublicKeyPem(std::string_view pem) {
  EKS_ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return OpenSslError(Code::kInvalid, "parsing public key PEM");
  return key;
}

StatusOr<std::string> CertificateToPem(X509* cert) {
  return WritePem("PEM_write_bio_X509", [cert](BIO* b) { return PEM_write_bio_X509(b, cert); });
}

StatusOr<std::string> PrivateKeyToPem(EVP_PKEY* key) {
  return WritePem("PEM_write_bio_PrivateKey", [key](BIO* b) {
    return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

StatusOr<std::string> PublicKeyToPem(EVP_PKEY* key) {
  return WritePem("PEM_write_bio_PUBKEY", [key](BIO* b) { return PEM_write_bio_PUBKEY(b, key); });
}

}  // namespace ekslite::apiserver::pki
