// Small OpenSSL helpers shared by the PKI and the TLS server: owning pointers
// for OpenSSL objects, PEM encoding and decoding, and the one place where an
// OpenSSL error queue becomes a Status.
#ifndef EKSLITE_APISERVER_PKI_OPENSSL_UTIL_H_
#define EKSLITE_APISERVER_PKI_OPENSSL_UTIL_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ekslite::apiserver::pki {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// Returns a Status with `code` whose message is `what` followed by the
// reasons on this thread's OpenSSL error queue, which it empties. This is the
// only translation of OpenSSL errors in the code base.
Status OpenSslError(Code code, std::string_view what);

// Parses the first certificate in `pem`. kInvalid when there is none or it is
// malformed.
StatusOr<X509Ptr> ParseCertificatePem(std::string_view pem);
// Parses every certificate in `pem`, in order; kInvalid when there is none.
StatusOr<std::vector<X509Ptr>> ParseCertificateChainPem(std::string_view pem);
// Parses an unencrypted private key (PKCS#8, SEC1 or PKCS#1 PEM). kInvalid on
// failure.
StatusOr<EvpPkeyPtr> ParsePrivateKeyPem(std::string_view pem);
// Parses a SubjectPublicKeyInfo PEM ("PUBLIC KEY"). kInvalid on failure.
StatusOr<EvpPkeyPtr> ParsePublicKeyPem(std::string_view pem);

// PEM encodings. Private keys are written as unencrypted PKCS#8.
StatusOr<std::string> CertificateToPem(X509* cert);
StatusOr<std::string> PrivateKeyToPem(EVP_PKEY* key);
StatusOr<std::string> PublicKeyToPem(EVP_PKEY* key);

}  // namespace ekslite::apiserver::pki

#endif  // EKSLITE_APISERVER_PKI_OPENSSL_UTIL_H_
