#include "cmd/ekslite/agent_command.h"

#include <signal.h>
#include <string.h>

#include <cstdio>
#include <memory>

#include "cmd/ekslite/command_runner.h"
#include "cmd/ekslite/flags.h"
#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/kubeconfig.h"
#include "core/client/tls_transport.h"
#include "core/log.h"
#include "kubelet/simulated_nodes.h"

namespace ekslite::cmd {

StatusOr<AgentCommandOptions> ParseAgentCommand(const std::vector<std::string>& args,
                                                std::string* help) {
  AgentCommandOptions o;
  FlagSet flags(
      "Usage: ekslite agent --kubeconfig FILE [flags]\n\n"
      "Runs simulated nodes (pods on them run no processes) against a cluster.");
  flags.AddString("kubeconfig", &o.kubeconfig, "Kubeconfig of the cluster to join (required).");
  flags.AddString("context", &o.context, "Kubeconfig context to use (default: the current one).");
  flags.AddInt("simulated-nodes", &o.simulated_nodes, "Simulated nodes to run.");
  flags.AddString("name-prefix", &o.name_prefix, "Node names are this prefix and 0, 1, 2...");
  flags.AddString("node-cpu", &o.node_cpu, "CPU capacity of each node.");
  flags.AddString("node-memory", &o.node_memory, "Memory capacity of each node.");
  flags.AddInt("node-pods", &o.node_pods, "Pod capacity of each node.");
  flags.AddString("cluster-cidr", &o.cluster_cidr,
                  "Range the nodes' pod CIDRs come from (blocks other nodes use are skipped).");
  flags.AddInt("workers", &o.workers, "Threads syncing nodes and pods.");
  flags.AddString("log-level", &o.log_level, "trace, debug, info, warn, error or off.");
  EKS_RETURN_IF_ERROR(flags.Parse(args));
  if (flags.help_requested()) {
    *help = flags.Usage();
    return o;
  }
  if (o.kubeconfig.empty()) return Status::BadRequest("--kubeconfig is required");
  if (o.simulated_nodes < 1 || o.simulated_nodes > 100000) {
    return Status::BadRequest("invalid --simulated-nodes: want 1 to 100000");
  }
  if (o.node_pods < 1) return Status::BadRequest("invalid --node-pods: want at least 1");
  if (o.workers < 1 || o.workers > 256)
    return Status::BadRequest("invalid --workers: want 1 to 256");
  if (o.name_prefix.empty()) return Status::BadRequest("--name-prefix must not be empty");
  return o;
}

Status RunAgent(const AgentCommandOptions& options) {
  sigset_t signals = BlockStopSignals();
  SetLogLevel(options.log_level);
  auto log = Logger("ekslite");

  client::TlsTransportOptions tls;
  EKS_ASSIGN_OR_RETURN(tls.config, client::LoadKubeconfig(options.kubeconfig, options.context));
  tls.user_agent = "ekslite-agent";
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<client::Transport> transport, client::NewTlsTransport(tls));
  client::DynamicClient client(*transport);
  client::InformerFactoryOptions informer_options;
  informer_options.transform = client::DropManagedFields();
  client::InformerFactory informers(client, informer_options);

  kubelet::SimulatedNodesOptions nodes;
  nodes.count = options.simulated_nodes;
  nodes.name_prefix = options.name_prefix;
  nodes.node.cpu = options.node_cpu;
  nodes.node.memory = options.node_memory;
  nodes.node.pods = options.node_pods;
  nodes.cluster_cidr = options.cluster_cidr;
  nodes.workers = options.workers;
  // A process of its own caches only the pods that are bound somewhere.
  nodes.pod_field_selector = "spec.nodeName!=";
  EKS_ASSIGN_OR_RETURN(std::unique_ptr<kubelet::SimulatedNodes> simulated,
                       kubelet::NewSimulatedNodes(client, informers, nodes));
  informers.Start();
  Status started = simulated->Start();
  if (!started.ok()) {
    informers.Shutdown();
    return started;
  }
  log->info("agent is running {} nodes against {}", options.simulated_nodes, tls.config.server);

  int signal = WaitForStopSignal(signals);
  log->info("received {}, stopping", strsignal(signal));
  simulated->Stop();
  informers.Shutdown();
  log->info("stopped");
  return Status::Ok();
}

int AgentCommand(const std::vector<std::string>& args) {
  return RunCommand<AgentCommandOptions>("agent", args, ParseAgentCommand, RunAgent);
}

}  // namespace ekslite::cmd
