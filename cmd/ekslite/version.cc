#include "cmd/ekslite/version.h"

#include <cstdio>

#include "apiserver/version.h"

namespace ekslite::cmd {

int HelpCommand(bool to_stderr) {
  std::fputs(
      "ekslite: a Kubernetes-compatible, EKS-like control plane in one binary.\n"
      "\n"
      "Usage: ekslite <command> [flags]\n"
      "\n"
      "Commands:\n"
      "  server     Run the control plane (ekslite server --help for its flags)\n"
      "  agent      Run simulated nodes against a cluster (ekslite agent --help)\n"
      "  version    Print the version\n"
      "  help       Print this help\n",
      to_stderr ? stderr : stdout);
  return to_stderr ? 2 : 0;
}

int VersionCommand() {
  // The same version the apiserver reports at /version.
  std::printf("ekslite %s\n", apiserver::GitVersion().c_str());
  return 0;
}

}  // namespace ekslite::cmd
