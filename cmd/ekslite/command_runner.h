// What every long-running subcommand (server, agent) does around its work:
// parse flags or print usage, block the stop signals before any thread
// exists, run, and wait for SIGTERM/SIGINT.
#ifndef EKSLITE_CMD_EKSLITE_COMMAND_RUNNER_H_
#define EKSLITE_CMD_EKSLITE_COMMAND_RUNNER_H_

#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/status.h"

namespace ekslite::cmd {

// Blocks SIGINT and SIGTERM in the calling thread (and so in every thread it
// starts later) and ignores SIGPIPE. Returns the set for WaitForStopSignal.
sigset_t BlockStopSignals();
// Waits for one of `signals` and returns it.
int WaitForStopSignal(const sigset_t& signals);

// Runs `ekslite <name> ARGS`: 2 with a usage error, 0 after --help, else
// `run`'s outcome (1 when it failed to start).
template <typename Options>
int RunCommand(const char* name, const std::vector<std::string>& args,
               StatusOr<Options> (*parse)(const std::vector<std::string>&, std::string*),
               Status (*run)(const Options&)) {
  std::string help;
  StatusOr<Options> options = parse(args, &help);
  if (!options.ok()) {
    std::fprintf(stderr, "ekslite %s: %s\nRun 'ekslite %s --help' for usage.\n", name,
                 options.status().message().c_str(), name);
    return 2;
  }
  if (!help.empty()) {
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  Status status = run(*options);
  if (!status.ok()) {
    Logger("ekslite")->error("{} cannot start: {}", name, status.ToString());
    return 1;
  }
  return 0;
}

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_COMMAND_RUNNER_H_
