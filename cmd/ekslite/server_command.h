// `ekslite server`: the composition root of the control plane. It creates the
// data directory, loads or creates the PKI, opens the store, builds the API
// handler and the HTTPS server, writes the kubeconfig once the server is
// serving, and runs until SIGTERM or SIGINT.
#ifndef EKSLITE_CMD_EKSLITE_SERVER_COMMAND_H_
#define EKSLITE_CMD_EKSLITE_SERVER_COMMAND_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ekslite::cmd {

struct ServerCommandOptions {
  std::string data_dir;  // required
  std::string listen = "127.0.0.1:6443";
  std::string storage = "sqlite";  // or "memory"
  std::string token_auth_file;     // "" = no static tokens
  bool anonymous_auth = false;     // requests without credentials get 401 unless enabled
  std::string service_cidr = "10.96.0.0/12";
  std::string cluster_cidr = "10.244.0.0/16";
  std::string log_level = "info";
  int workers = 128;  // threads serving requests
  // The control loops in this process (cmd/ekslite/control_loops.h).
  bool run_scheduler = true;
  bool run_controllers = true;
  int simulated_nodes = 0;
  std::string node_cpu = "4";
  std::string node_memory = "16Gi";
  int node_pods = 110;
  std::chrono::milliseconds node_monitor_grace_period{std::chrono::seconds(40)};
  // DefaultTolerationSeconds admission: the tolerationSeconds given to pods
  // for the not-ready and unreachable taints.
  int default_not_ready_toleration_seconds = 300;
  int default_unreachable_toleration_seconds = 300;
};

// Runs `ekslite server ARGS` and returns the process exit code: 0 after a
// clean stop or --help, 1 when the server cannot start, 2 for a usage error.
int ServerCommand(const std::vector<std::string>& args);

// Parses and checks the flags. kBadRequest naming the flag for unknown flags
// and bad values; `*help` is set when --help was given.
StatusOr<ServerCommandOptions> ParseServerCommand(const std::vector<std::string>& args,
                                                  std::string* help);

// Starts everything, blocks until SIGTERM or SIGINT, stops everything. Blocks
// those signals in the calling thread first, so call it before any other
// thread exists. Returns the first startup error.
Status RunServer(const ServerCommandOptions& options);

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_SERVER_COMMAND_H_
