// ekslite: dispatches to a subcommand; each returns the exit code.
#include <cstdio>
#include <string>
#include <vector>

#include "cmd/ekslite/agent_command.h"
#include "cmd/ekslite/server_command.h"
#include "cmd/ekslite/version.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = args.empty() ? "" : args.front();
  std::vector<std::string> rest(args.empty() ? args.end() : args.begin() + 1, args.end());
  if (command == "server") return ekslite::cmd::ServerCommand(rest);
  if (command == "agent") return ekslite::cmd::AgentCommand(rest);
  if (command == "version" || command == "--version") return ekslite::cmd::VersionCommand();
  if (command == "help" || command == "--help" || command == "-h") {
    return ekslite::cmd::HelpCommand(/*to_stderr=*/false);
  }
  if (!command.empty())
    std::fprintf(stderr, "ekslite: unknown command \"%s\"\n\n", command.c_str());
  return ekslite::cmd::HelpCommand(/*to_stderr=*/true);
}
