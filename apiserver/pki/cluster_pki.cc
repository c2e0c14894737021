#include "apiserver/pki/cluster_pki.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <utility>

#include "apiserver/pki/file_io.h"
#include "core/log.h"

namespace ekslite::apiserver::pki {
namespace {

constexpr mode_t kKeyMode = 0600;
constexpr mode_t kCertMode = 0644;

// RFC 1123 host name: dot-separated labels of letters, digits and inner
// hyphens, each at most 63 characters, at most 253 in all.
bool IsDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

// The canonical text of an IP address (as certificates are read back), or
// `ip` unchanged when it does not parse (issuing then reports it).
std::string CanonicalIp(const std::string& ip) {
  unsigned char bytes[16];
  char text[INET6_ADDRSTRLEN] = {};
  int family = ip.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(family, ip.c_str(), bytes) != 1) return ip;
  return inet_ntop(family, bytes, text, sizeof(text)) ? std::string(text) : ip;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void AddUnique(std::vector<std::string>* list, std::string value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(std::move(value));
  }
}

bool Covers(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  return std::all_of(want.begin(), want.end(), [&](const std::string& w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

// Reads a certificate and key pair; nullopt when either is missing or
// unreadable (logged unless both are missing: a new pair is then expected).
std::optional<KeyAndCertificate> ReadPair(const std::string& dir, const std::string& name) {
  StatusOr<std::string> cert = ReadFile(dir + "/" + name + ".crt");
  StatusOr<std::string> key = ReadFile(dir + "/" + name + ".key");
  if (!cert.ok() || !key.ok()) {
    const Status& why = cert.ok() ? key.status() : cert.status();
    bool neither = cert.status().IsNotFound() && key.status().IsNotFound();
    if (!neither) Logger("pki")->warn("{}: recreating: {}", name, why.message());
    return std::nullopt;
  }
  return KeyAndCertificate{std::move(*cert), std::move(*key)};
}

// Writes the key first, so a crash in between leaves a pair that fails the
// key check and is regenerated, never a certificate without its key.
Status WritePair(const std::string& dir, const std::string& name, const KeyAndCertificate& kc) {
  EKS_RETURN_IF_ERROR(WriteFileAtomically(dir + "/" + name + ".key", kc.private_key_pem, kKeyMode));
  return WriteFileAtomically(dir + "/" + name + ".crt", kc.certificate_pem, kCertMode);
}

StatusOr<CertificateAuthority> LoadOrCreateCa(const ClusterPkiOptions& options) {
  Clock& clock = *options.clock;
  if (std::optional<KeyAndCertificate> pair = ReadPair(options.dir, "ca")) {
    StatusOr<CertificateAuthority> ca =
        CertificateAuthority::Load(pair->certificate_pem, pair->private_key_pem, clock);
    Status fit = ca.ok() ? ca->Verify(ca->certificate_pem()) : ca.status();
    if (fit.ok()) return ca;
    Logger("pki")->warn("ca: recreating, and reissuing everything it signed: {}", fit.message());
  }
  EKS_ASSIGN_OR_RETURN(CertificateAuthority ca, CertificateAuthority::Create(kCaCommonName, clock));
  EKS_RETURN_IF_ERROR(WritePair(options.dir, "ca", {ca.certificate_pem(), ca.private_key_pem()}));
  Logger("pki")->info("ca: created {}/ca.crt (CN={})", options.dir, kCaCommonName);
  return ca;
}

// Why `kc` cannot be reused (kInvalid with the reason), or OK.
using FitCheck = std::function<Status(const CertificateInfo&)>;
Status CheckLeaf(const CertificateAuthority& ca, const KeyAndCertificate& kc, Clock& clock,
                 const FitCheck& fits) {
  EKS_RETURN_IF_ERROR(CheckKeyMatchesCertificate(kc.certificate_pem, kc.private_key_pem));
  EKS_RETURN_IF_ERROR(ca.Verify(kc.certificate_pem));
  EKS_ASSIGN_OR_RETURN(CertificateInfo info, DescribeCertificate(kc.certificate_pem));
  if (info.not_after < clock.Now() + kRenewBefore) {
    return Status(Code::kInvalid, "expires within " + std::to_string(kRenewBefore.count()) + "h");
  }
  return fits(info);
}

StatusOr<KeyAndCertificate> LoadOrIssueLeaf(
    const ClusterPkiOptions& options, const CertificateAuthority& ca, const std::string& name,
    const FitCheck& fits, const std::function<StatusOr<KeyAndCertificate>()>& issue) {
  if (std::optional<KeyAndCertificate> pair = ReadPair(options.dir, name)) {
    Status fit = CheckLeaf(ca, *pair, *options.clock, fits);
    if (fit.ok()) return *std::move(pair);
    Logger("pki")->info("{}: reissuing: {}", name, fit.message());
  }
  EKS_ASSIGN_OR_RETURN(KeyAndCertificate kc, issue());
  EKS_RETURN_IF_ERROR(WritePair(options.dir, name, kc));
  Logger("pki")->info("{}: issued {}/{}.crt", name, options.dir, name);
  return kc;
}

StatusOr<KeyAndCertificate> LoadOrIssueServing(const ClusterPkiOptions& options,
                                               const CertificateAuthority& ca) {
  std::vector<std::string> dns = ServingDnsNames(options);
  std::vector<std::string> ips = ServingIpAddresses(options);
  auto fits = [&](const CertificateInfo& info) {
    if (Covers(info.dns_names, dns) && Covers(info.ip_addresses, ips)) return Status::Ok();
    return Status(Code::kInvalid, "its names do not cover the host's (host name changed?)");
  };
  return LoadOrIssueLeaf(options, ca, "server", fits,
                         [&] { return ca.IssueServingCertificate("ekslite-apiserver", dns, ips); });
}

StatusOr<KeyAndCertificate> LoadOrIssueAdmin(const ClusterPkiOptions& options,
                                             const CertificateAuthority& ca) {
  auto fits = [](const CertificateInfo& info) {
    if (info.common_name == kAdminUser &&
        info.organizations == std::vector<std::string>{kAdminGroup}) {
      return Status::Ok();
    }
    return Status(Code::kInvalid, "unexpected subject CN=" + info.common_name);
  };
  return LoadOrIssueLeaf(options, ca, "admin", fits,
                         [&] { return ca.IssueClientCertificate(kAdminUser, {kAdminGroup}); });
}

// Loads sa.key (rewriting sa.pub from it when that is missing or stale) or
// creates both.
Status LoadOrCreateServiceAccountKey(const ClusterPkiOptions& options, ClusterPki* pki) {
  std::string key_path = options.dir + "/sa.key";
  std::string pub_path = options.dir + "/sa.pub";
  EvpPkeyPtr key;
  if (StatusOr<std::string> pem = ReadFile(key_path); pem.ok()) {
    StatusOr<EvpPkeyPtr> parsed = ParsePrivateKeyPem(*pem);
    if (parsed.ok()) {
      key = std::move(*parsed);
      pki->service_account_private_key_pem = std::move(*pem);
    } else {
      Logger("pki")->warn("sa.key: recreating: {}", parsed.status().message());
    }
  }
  if (!key) {
    EKS_ASSIGN_OR_RETURN(key, GenerateEcdsaP256Key());
    EKS_ASSIGN_OR_RETURN(pki->service_account_private_key_pem, PrivateKeyToPem(key.get()));
    EKS_RETURN_IF_ERROR(
        WriteFileAtomically(key_path, pki->service_account_private_key_pem, kKeyMode));
    Logger("pki")->info("sa.key: created {}", key_path);
  }
  EKS_ASSIGN_OR_RETURN(pki->service_account_public_key_pem, PublicKeyToPem(key.get()));
  StatusOr<std::string> pub = ReadFile(pub_path);
  if (!pub.ok() || *pub != pki->service_account_public_key_pem) {
    EKS_RETURN_IF_ERROR(
        WriteFileAtomically(pub_path, pki->service_account_public_key_pem, kCertMode));
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> ServingDnsNames(const ClusterPkiOptions& options) {
  std::vector<std::string> names = {"localhost"};
  std::string host = Lower(options.host_name);
  if (IsDnsName(host)) AddUnique(&names, host);
  for (const char* name : {"kubernetes", "kubernetes.default", "kubernetes.default.svc",
                           "kubernetes.default.svc.cluster.local"}) {
    AddUnique(&names, name);
  }
  for (const std::string& extra : options.extra_dns_names) AddUnique(&names, Lower(extra));
  return names;
}

std::vector<std::string> ServingIpAddresses(const ClusterPkiOptions& options) {
  std::vector<std::string> ips = {"127.0.0.1", "::1"};
  for (const std::string& extra : options.extra_ip_addresses) AddUnique(&ips, CanonicalIp(extra));
  return ips;
}

StatusOr<ClusterPki> LoadOrCreateClusterPki(const ClusterPkiOptions& options) {
  EKS_RETURN_IF_ERROR(MakeDirectories(options.dir, 0700));
  EKS_ASSIGN_OR_RETURN(CertificateAuthority ca, LoadOrCreateCa(options));
  EKS_ASSIGN_OR_RETURN(KeyAndCertificate server, LoadOrIssueServing(options, ca));
  EKS_ASSIGN_OR_RETURN(KeyAndCertificate admin, LoadOrIssueAdmin(options, ca));
  ClusterPki pki{std::move(ca), std::move(server), std::move(admin), "", ""};
  EKS_RETURN_IF_ERROR(LoadOrCreateServiceAccountKey(options, &pki));
  return pki;
}

}  // namespace ekslite::apiserver::pki
