// The version `ekslite version` prints.
#ifndef EKSLITE_CMD_EKSLITE_VERSION_H_
#define EKSLITE_CMD_EKSLITE_VERSION_H_

namespace ekslite::cmd {

// `ekslite --help` and `ekslite version`; both return the exit code.
int HelpCommand(bool to_stderr);
int VersionCommand();

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_VERSION_H_
