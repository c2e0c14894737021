// The cluster's key material in the data directory, created on first start
// and reused afterwards:
//
//   DIR/ca.crt, ca.key          the cluster CA (CN=ekslite-ca)
//   DIR/server.crt, server.key  the apiserver's serving certificate
//   DIR/admin.crt, admin.key    the admin client certificate (CN=admin, O=system:masters)
//   DIR/sa.key, sa.pub          the service-account token signing key pair
//
// All keys are ECDSA P-256; key files have mode 0600. Only what is missing,
// unreadable or no longer fit is regenerated: a new CA reissues everything it
// signed, a serving certificate whose names no longer cover the host (the host
// name changed) is reissued, and leaves within 30 days of expiry are renewed.
#ifndef EKSLITE_APISERVER_PKI_CLUSTER_PKI_H_
#define EKSLITE_APISERVER_PKI_CLUSTER_PKI_H_

#include <string>
#include <vector>

#include "apiserver/pki/certificate_authority.h"
#include "apiserver/pki/certificates.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::apiserver::pki {

inline constexpr char kCaCommonName[] = "ekslite-ca";
inline constexpr char kAdminUser[] = "admin";
inline constexpr char kAdminGroup[] = "system:masters";
// Leaves closer than this to their expiry are renewed at start.
inline constexpr std::chrono::hours kRenewBefore{24 * 30};

struct ClusterPkiOptions {
  // Where the files live; created with mode 0700 when missing.
  std::string dir;
  // The machine's host name, added to the serving certificate when it is a
  // valid DNS name. The caller reads it (gethostname) so tests can vary it.
  std::string host_name;
  // More serving-certificate names, e.g. the `kubernetes` Service's ClusterIP.
  std::vector<std::string> extra_dns_names;
  std::vector<std::string> extra_ip_addresses;
  Clock* clock = &RealClock();
};

struct ClusterPki {
  CertificateAuthority ca;
  KeyAndCertificate server;
  KeyAndCertificate admin;
  std::string service_account_private_key_pem;  // PKCS#8
  std::string service_account_public_key_pem;   // SubjectPublicKeyInfo
};

// The DNS names and IP addresses the serving certificate must carry:
// localhost, the host name (when valid), the in-cluster names of the
// `kubernetes` Service, 127.0.0.1, ::1 and the extras.
std::vector<std::string> ServingDnsNames(const ClusterPkiOptions& options);
std::vector<std::string> ServingIpAddresses(const ClusterPkiOptions& options);

// Loads the key material from `options.dir`, creating or reissuing what is
// missing, unreadable or unfit (see the file comment), and logs each such
// decision. Errors: kInternal when a file cannot be written (with the path),
// kInvalid for a bad extra IP address, kInternal for OpenSSL failures.
StatusOr<ClusterPki> LoadOrCreateClusterPki(const ClusterPkiOptions& options);

}  // namespace ekslite::apiserver::pki

#endif  // EKSLITE_APISERVER_PKI_CLUSTER_PKI_H_
