#include "apiserver/server_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <string>
#include <vector>

#include "apiserver/pki/certificates.h"
#include "apiserver/pki/openssl_util.h"

namespace ekslite::apiserver {
namespace {

using pki::OpenSslError;

// "http/1.1" in ALPN wire format.
constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// Agrees to http/1.1 when the client offers it; otherwise continues without
// ALPN (HTTP/1.1 is still what it gets). Never selects h2.
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in,
               unsigned int in_len, void*) {
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_len, kHttp11, sizeof(kHttp11), in, in_len) ==
          OPENSSL_NPN_NEGOTIATED &&
      *out_len == sizeof(kHttp11) - 1) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

// OpenSSL fills a certificate's extension cache on first use, without
// synchronising readers (ThreadSanitizer sees concurrent handshakes race on a
// shared CA). Filling it before any handshake avoids that.
void WarmExtensionCache(X509* cert) { X509_check_purpose(cert, -1, 0); }

Status UseServingCertificate(SSL_CTX* ctx, const ServerOptions& options) {
  EKS_ASSIGN_OR_RETURN(std::vector<pki::X509Ptr> chain,
                       pki::ParseCertificateChainPem(options.certificate_pem));
  EKS_ASSIGN_OR_RETURN(pki::EvpPkeyPtr key, pki::ParsePrivateKeyPem(options.private_key_pem));
  for (const pki::X509Ptr& cert : chain) WarmExtensionCache(cert.get());
  if (SSL_CTX_use_certificate(ctx, chain[0].get()) != 1) {
    return OpenSslError(Code::kInvalid, "serving certificate");
  }
  for (size_t i = 1; i < chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx, chain[i].get()) != 1) {
      return OpenSslError(Code::kInvalid, "serving certificate chain");
    }
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    return OpenSslError(Code::kInvalid, "serving key does not match the certificate");
  }
  return Status::Ok();
}

Status TrustClientCas(SSL_CTX* ctx, const std::string& ca_pem) {
  EKS_ASSIGN_OR_RETURN(std::vector<pki::X509Ptr> cas, pki::ParseCertificateChainPem(ca_pem));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  for (const pki::X509Ptr& ca : cas) {
    WarmExtensionCache(ca.get());
    // The store verifies; the list tells clients which issuers we accept.
    if (X509_STORE_add_cert(store, ca.get()) != 1 || SSL_CTX_add_client_CA(ctx, ca.get()) != 1) {
      return OpenSslError(Code::kInvalid, "client CA");
    }
  }
  // Ask for a certificate but accept clients without one (tokens, anonymous).
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  // Session resumption with client verification needs a session id context.
  static constexpr unsigned char kSessionContext[] = "ekslite-apiserver";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<boost::asio::ssl::context>> NewServerTlsContext(
    const ServerOptions& options) {
  ERR_clear_error();
  auto context = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return OpenSslError(Code::kInternal, "setting the minimum TLS version");
  }
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Do not keep a released connection's buffers around.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  EKS_RETURN_IF_ERROR(UseServingCertificate(ctx, options));
  if (!options.client_ca_pem.empty()) {
    EKS_RETURN_IF_ERROR(TrustClientCas(ctx, options.client_ca_pem));
  }
  SSL_CTX_set_alpn_select_cb(ctx, SelectAlpn, nullptr);
  return context;
}

std::optional<UserInfo> VerifiedCertificateUser(SSL* ssl) {
  X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return std::nullopt;
  pki::CertificateInfo info = pki::DescribeCertificate(cert);
  if (info.common_name.empty()) return std::nullopt;
  UserInfo user;
  user.name = std::move(info.common_name);
  user.groups = std::move(info.organizations);
  return user;
}

}  // namespace ekslite::apiserver
