// `ekslite agent`: simulated nodes in a process of their own, joined to a
// cluster over TLS with the credentials of a kubeconfig — the same
// kubelet::SimulatedNodes the server can run in-process, with a different
// transport. Runs until SIGTERM or SIGINT.
#ifndef EKSLITE_CMD_EKSLITE_AGENT_COMMAND_H_
#define EKSLITE_CMD_EKSLITE_AGENT_COMMAND_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace ekslite::cmd {

struct AgentCommandOptions {
  std::string kubeconfig;  // required
  std::string context;     // "" = the current context
  int simulated_nodes = 1;
  std::string name_prefix = "ekslite-agent-node-";
  std::string node_cpu = "4";
  std::string node_memory = "16Gi";
  int node_pods = 110;
  std::string cluster_cidr = "10.244.0.0/16";
  int workers = 8;
  std::string log_level = "info";
};

// Runs `ekslite agent ARGS`; returns the exit code: 0 after a clean stop or
// --help, 1 when the agent cannot start, 2 for a usage error.
int AgentCommand(const std::vector<std::string>& args);

// Parses and checks the flags; kBadRequest naming the flag. `*help` is set
// when --help was given.
StatusOr<AgentCommandOptions> ParseAgentCommand(const std::vector<std::string>& args,
                                                std::string* help);

// Connects, starts the nodes, waits for SIGTERM or SIGINT, stops. Call before
// any other thread exists (it blocks those signals for every thread).
Status RunAgent(const AgentCommandOptions& options);

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_AGENT_COMMAND_H_
