#include "cmd/ekslite/server_command.h"

#include <arpa/inet.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "apiserver/api_handler.h"
#include "apiserver/authn/authenticators.h"
#include "apiserver/kubeconfig.h"
#include "apiserver/pki/cluster_pki.h"
#include "apiserver/pki/file_io.h"
#include "apiserver/server.h"
#include "cmd/ekslite/command_runner.h"
#include "cmd/ekslite/control_loops.h"
#include "cmd/ekslite/flags.h"
#include "core/log.h"
#include "storage/memory_store.h"
#include "storage/sqlite_store.h"

namespace ekslite::cmd {
namespace {

using apiserver::pki::MakeDirectories;

struct ListenAddress {
  std::string ip;  // a literal, no brackets
  uint16_t port = 0;
};

bool IsIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// "127.0.0.1:6443", "[::1]:6443", ":6443" (all IPv4 interfaces),
// "localhost:6443".
StatusOr<ListenAddress> ParseListen(const std::string& text) {
  auto bad = [&](std::string_view why) {
    return Status::BadRequest("invalid --listen \"" + text + "\": " + std::string(why));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return bad("want ADDRESS:PORT");
  ListenAddress listen;
  listen.ip = text.substr(0, colon);
  if (listen.ip.size() >= 2 && listen.ip.front() == '[' && listen.ip.back() == ']') {
    listen.ip = listen.ip.substr(1, listen.ip.size() - 2);
  }
  if (listen.ip.empty()) listen.ip = "0.0.0.0";
  if (listen.ip == "localhost") listen.ip = "127.0.0.1";
  if (!IsIp(listen.ip)) return bad("the address must be an IP address");
  std::string port = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), listen.port);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size()) {
    return bad("the port must be a number from 0 to 65535");
  }
  return listen;
}

// The first host address of `cidr` ("10.96.0.0/12" -> "10.96.0.1"), which is
// the `kubernetes` Service's ClusterIP. kBadRequest for a malformed CIDR.
StatusOr<std::string> FirstHostOfCidr(const std::string& flag, const std::string& cidr) {
  auto bad = [&] { return Status::BadRequest("invalid --" + flag + " \"" + cidr + "\""); };
  size_t slash = cidr.find('/');
  if (slash == std::string::npos) return bad();
  std::string ip = cidr.substr(0, slash);
  int family = ip.find(':') == std::string::npos ? AF_INET : AF_INET6;
  unsigned char bytes[16] = {};
  int bits = 0;
  std::string prefix = cidr.substr(slash + 1);
  auto [end, ec] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), bits);
  int size = family == AF_INET ? 4 : 16;
  if (inet_pton(family, ip.c_str(), bytes) != 1 || prefix.empty() || ec != std::errc() ||
      end != prefix.data() + prefix.size() || bits < 0 || bits > size * 8 - 2) {
    return bad();
  }
  for (int i = 0; i < size; ++i) {
    int keep = std::clamp(bits - i * 8, 0, 8);
    bytes[i] &= static_cast<unsigned char>(0xff00 >> keep);
  }
  bytes[size - 1] |= 1;
  char text[INET6_ADDRSTRLEN];
  inet_ntop(family, bytes, text, sizeof(text));
  return std::string(text);
}

std::string HostName() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

Status CheckOptions(const ServerCommandOptions& o) {
  if (o.data_dir.empty()) return Status::BadRequest("--data-dir is required");
  if (o.storage != "sqlite" && o.storage != "memory") {
    return Status::BadRequest("invalid --storage \"" + o.storage + "\": want sqlite or memory");
  }
  if (o.workers < 1 || o.workers > 4096) {
    return Status::BadRequest("invalid --workers: want 1 to 4096");
  }
  if (o.simulated_nodes < 0 || o.simulated_nodes > 100000) {
    return Status::BadRequest("invalid --simulated-nodes: want 0 to 100000");
  }
  if (o.node_pods < 1) return Status::BadRequest("invalid --node-pods: want at least 1");
  for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    if (o.log_level == level) return Status::Ok();
  }
  return Status::BadRequest("invalid --log-level \"" + o.log_level +
                            "\": want trace, debug, info, warn, error, critical or off");
}

StatusOr<std::unique_ptr<storage::Store>> OpenStore(const ServerCommandOptions& options,
                                                    const std::string& data_dir) {
  if (options.storage == "memory") return storage::NewMemoryStore();
  std::string db_dir = data_dir + "/db";
  EKS_RETURN_IF_ERROR(MakeDirectories(db_dir, 0700));
  storage::SqliteStoreOptions sqlite;
  sqlite.path = db_dir + "/state.db";
  return storage::OpenSqliteStore(sqlite);
}

StatusOr<apiserver::pki::ClusterPki> LoadPki(const ServerCommandOptions& options,
                                             const ListenAddress& listen,
                                             const std::string& data_dir) {
  apiserver::pki::ClusterPkiOptions pki;
  pki.dir = data_dir + "/pki";
  pki.host_name = HostName();
  EKS_ASSIGN_OR_RETURN(std::string service_ip,
                       FirstHostOfCidr("service-cidr", options.service_cidr));
  pki.extra_ip_addresses.push_back(service_ip);
  // A specific listen address is how clients will reach the server.
  if (listen.ip != "0.0.0.0" && listen.ip != "::") pki.extra_ip_addresses.push_back(listen.ip);
  return apiserver::pki::LoadOrCreateClusterPki(pki);
}

}  // namespace

StatusOr<ServerCommandOptions> ParseServerCommand(const std::vector<std::string>& args,
                                                  std::string* help) {
  ServerCommandOptions o;
  FlagSet flags("Usage: ekslite server --data-dir DIR [flags]\n\nRuns the control plane.");
  flags.AddString("data-dir", &o.data_dir,
                  "Directory for the state database, certificates and kubeconfig (required).");
  flags.AddString("listen", &o.listen, "Address and port to serve HTTPS on; port 0 picks one.");
  flags.AddString("storage", &o.storage, "Where objects live: sqlite (DIR/db/state.db) or memory.");
  flags.AddString("token-auth-file", &o.token_auth_file,
                  "CSV of static bearer tokens: token,user,uid[,\"group1,group2\"].");
  flags.AddBool("anonymous-auth", &o.anonymous_auth,
                "Serve requests without credentials as system:anonymous instead of answering 401 "
                "(the health checks /livez, /readyz, /healthz are always open).");
  flags.AddString("service-cidr", &o.service_cidr, "Range for Service ClusterIPs.");
  flags.AddString("cluster-cidr", &o.cluster_cidr, "Range for pod IPs.");
  flags.AddString("log-level", &o.log_level,
                  "trace, debug (adds one line per request), info, warn, error or off.");
  flags.AddInt("workers", &o.workers, "Most requests served at once (threads, started on demand).");
  flags.AddBool("scheduler", &o.run_scheduler, "Run the scheduler in this process.");
  flags.AddBool("controllers", &o.run_controllers, "Run the controllers in this process.");
  flags.AddInt("simulated-nodes", &o.simulated_nodes,
               "Simulated nodes to run in this process (pods on them run no processes).");
  flags.AddString("node-cpu", &o.node_cpu, "CPU capacity of each simulated node.");
  flags.AddString("node-memory", &o.node_memory, "Memory capacity of each simulated node.");
  flags.AddInt("node-pods", &o.node_pods, "Pod capacity of each simulated node.");
  flags.AddDuration("node-monitor-grace-period", &o.node_monitor_grace_period,
                    "How long a node may go without renewing its lease before it is NotReady.");
  flags.AddInt("default-not-ready-toleration-seconds", &o.default_not_ready_toleration_seconds,
               "tolerationSeconds added to pods for the node.kubernetes.io/not-ready:NoExecute "
               "taint.");
  flags.AddInt("default-unreachable-toleration-seconds", &o.default_unreachable_toleration_seconds,
               "tolerationSeconds added to pods for the node.kubernetes.io/unreachable:NoExecute "
               "taint.");
  EKS_RETURN_IF_ERROR(flags.Parse(args));
  if (flags.help_requested()) {
    *help = flags.Usage();
    return o;
  }
  EKS_RETURN_IF_ERROR(CheckOptions(o));
  EKS_RETURN_IF_ERROR(ParseListen(o.listen).status());
  EKS_RETURN_IF_ERROR(FirstHostOfCidr("service-cidr", o.service_cidr).status());
  EKS_RETURN_IF_ERROR(FirstHostOfCidr("cluster-cidr", o.cluster_cidr).status());
  return o;
}

Status RunServer(const ServerCommandOptions& options) {
  auto started = std::chrono::steady_clock::now();
  // Before any thread exists: every thread inherits the blocked mask, so the
  // signals wait for sigwait below instead of interrupting anyone.
  sigset_t signals = BlockStopSignals();
  SetLogLevel(options.log_level);
  auto log = Logger("ekslite");

  EKS_ASSIGN_OR_RETURN(ListenAddress listen, ParseListen(options.listen));
  EKS_RETURN_IF_ERROR(MakeDirectories(options.data_dir, 0700));
  std::string data_dir = std::filesystem::absolute(options.data_dir).lexically_normal();
  if (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  EKS_ASSIGN_OR_RETURN(apiserver::pki::ClusterPki pki, LoadPki(options, listen, data_dir));
  EKS_ASSIGN_OR_RETURN(auto authenticators,
                       apiserver::NewAuthenticators({options.token_auth_file}));
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenStore(options, data_dir));

  apiserver::ApiHandlerOptions handler_options;
  handler_options.authenticators = std::move(authenticators);
  handler_options.anonymous_auth = options.anonymous_auth;
  handler_options.service_cidr = options.service_cidr;
  handler_options.cluster_cidr = options.cluster_cidr;
  handler_options.ca_pem = pki.ca.certificate_pem();
  handler_options.service_account_private_key_pem = pki.service_account_private_key_pem;
  handler_options.service_account_public_key_pem = pki.service_account_public_key_pem;
  handler_options.default_not_ready_toleration_seconds = options.default_not_ready_toleration_seconds;
  handler_options.default_unreachable_toleration_seconds =
      options.default_unreachable_toleration_seconds;
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<apiserver::Handler> handler,
                       apiserver::NewApiHandler(*store, handler_options));

  apiserver::ServerOptions server_options;
  server_options.address = listen.ip;
  server_options.port = listen.port;
  server_options.worker_threads = options.workers;
  server_options.certificate_pem = pki.server.certificate_pem;
  server_options.private_key_pem = pki.server.private_key_pem;
  server_options.client_ca_pem = pki.ca.certificate_pem();
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<apiserver::Server> server,
                       apiserver::NewServer(server_options, *handler));
  EKS_ASSIGN_OR_RETURN(uint16_t port, server->Start());

  ControlLoopOptions loop_options;
  loop_options.run_scheduler = options.run_scheduler;
  loop_options.run_controllers = options.run_controllers;
  loop_options.simulated_nodes = options.simulated_nodes;
  loop_options.node_cpu = options.node_cpu;
  loop_options.node_memory = options.node_memory;
  loop_options.node_pods = options.node_pods;
  loop_options.cluster_cidr = options.cluster_cidr;
  loop_options.service_cidr = options.service_cidr;
  loop_options.node_monitor_grace_period = options.node_monitor_grace_period;
  loop_options.ca_pem = pki.ca.certificate_pem();
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<ControlLoops> loops,
                       ControlLoops::Start(*handler, loop_options));

  std::string url = apiserver::LocalServerUrl(listen.ip, port);
  std::string kubeconfig = data_dir + "/kubeconfig";
  EKS_RETURN_IF_ERROR(apiserver::WriteKubeconfig(
      kubeconfig,
      {url, pki.ca.certificate_pem(), pki.admin.certificate_pem, pki.admin.private_key_pem}));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started);
  log->info("ekslite is ready at {} (kubeconfig: {})", url, kubeconfig);
  log->debug("started in {}ms", ms.count());

  int signal = WaitForStopSignal(signals);
  log->info("received {}, stopping", strsignal(signal));
  loops->Stop();
  loops.reset();
  server->Stop();
  server.reset();
  handler.reset();
  store.reset();
  log->info("stopped");
  return Status::Ok();
}

int ServerCommand(const std::vector<std::string>& args) {
  return RunCommand<ServerCommandOptions>("server", args, ParseServerCommand, RunServer);
}

}  // namespace ekslite::cmd
