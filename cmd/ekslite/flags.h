// FlagSet: the command line's flag parser. Accepts `--name=value` and
// `--name value`; a boolean is `--name` (true) or `--name=true|false`, never
// a separate word, as in kubectl and kube-apiserver. `-h`/`--help` ask for the
// usage text.
#ifndef EKSLITE_CMD_EKSLITE_FLAGS_H_
#define EKSLITE_CMD_EKSLITE_FLAGS_H_

#include <chrono>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace ekslite::cmd {

// "40s", "1m30s", "500ms", "2h", "0" -> milliseconds. kBadRequest otherwise.
StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text);
// The shortest of those forms for `value`.
std::string FormatDuration(std::chrono::milliseconds value);

class FlagSet {
 public:
  // `usage` is the first line of Usage(), e.g. "Usage: ekslite server [flags]".
  explicit FlagSet(std::string usage);

  // Registers `--name`, which stores into `*value` (whose current content is
  // the default shown by Usage()). `value` must outlive the FlagSet.
  void AddString(std::string name, std::string* value, std::string help);
  void AddInt(std::string name, int* value, std::string help);
  void AddBool(std::string name, bool* value, std::string help);
  // A Go-style duration: "40s", "5m", "1h30m", "500ms", or "0".
  void AddDuration(std::string name, std::chrono::milliseconds* value, std::string help);

  // Parses `args` (without the program and command names). kBadRequest with a
  // message naming the argument for an unknown flag, a missing or malformed
  // value, or a positional argument. Stops at -h/--help.
  Status Parse(const std::vector<std::string>& args);
  bool help_requested() const { return help_requested_; }

  // The usage line and every flag with its default and help.
  std::string Usage() const;

 private:
  struct Flag {
    std::string name;
    std::variant<std::string*, int*, bool*, std::chrono::milliseconds*> value;
    std::string default_text;
    std::string help;
  };
  const Flag* Find(const std::string& name) const;
  static Status Set(const Flag& flag, const std::string& text);

  std::string usage_;
  std::vector<Flag> flags_;
  bool help_requested_ = false;
};

}  // namespace ekslite::cmd

#endif  // EKSLITE_CMD_EKSLITE_FLAGS_H_
