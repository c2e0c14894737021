#include "cmd/ekslite/flags.h"

#include <charconv>
#include <utility>

namespace ekslite::cmd {

FlagSet::FlagSet(std::string usage) : usage_(std::move(usage)) {}

void FlagSet::AddString(std::string name, std::string* value, std::string help) {
  flags_.push_back({std::move(name), value, *value, std::move(help)});
}

void FlagSet::AddInt(std::string name, int* value, std::string help) {
  flags_.push_back({std::move(name), value, std::to_string(*value), std::move(help)});
}

void FlagSet::AddBool(std::string name, bool* value, std::string help) {
  flags_.push_back({std::move(name), value, *value ? "true" : "false", std::move(help)});
}

const FlagSet::Flag* FlagSet::Find(const std::string& name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

Status FlagSet::Set(const Flag& flag, const std::string& text) {
  auto invalid = [&](std::string_view want) {
    return Status::BadRequest("invalid value \"" + text + "\" for --" + flag.name + ": want " +
                              std::string(want));
  };
  if (auto* s = std::get_if<std::string*>(&flag.value)) {
    **s = text;
  } else if (auto* i = std::get_if<int*>(&flag.value)) {
    int parsed = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec != std::errc() || end != text.data() + text.size()) return invalid("an integer");
    **i = parsed;
  } else if (auto* b = std::get_if<bool*>(&flag.value)) {
    if (text == "true" || text == "1") {
      **b = true;
    } else if (text == "false" || text == "0") {
      **b = false;
    } else {
      return invalid("true or false");
    }
  }
  return Status::Ok();
}

Status FlagSet::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      help_requested_ = true;
      return Status::Ok();
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      return Status::BadRequest("unexpected argument \"" + arg + "\"");
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const Flag* flag = Find(name);
    if (flag == nullptr) return Status::BadRequest("unknown flag --" + name);
    if (eq != std::string::npos) {
      EKS_RETURN_IF_ERROR(Set(*flag, arg.substr(eq + 1)));
    } else if (std::holds_alternative<bool*>(flag->value)) {
      EKS_RETURN_IF_ERROR(Set(*flag, "true"));
    } else if (i + 1 < args.size()) {
      EKS_RETURN_IF_ERROR(Set(*flag, args[++i]));
    } else {
      return Status::BadRequest("flag --" + name + " needs a value");
    }
  }
  return Status::Ok();
}

std::string FlagSet::Usage() const {
  std::string out = usage_ + "\n\nFlags:\n";
  for (const Flag& flag : flags_) {
    std::string left = "  --" + flag.name;
    if (!std::holds_alternative<bool*>(flag.value)) left += " value";
    out += left;
    out += left.size() < 28 ? std::string(28 - left.size(), ' ') : "\n" + std::string(28, ' ');
    out += flag.help;
    if (!flag.default_text.empty()) out += " (default " + flag.default_text + ")";
    out += "\n";
  }
  out += "  -h, --help" + std::string(28 - 12, ' ') + "Show this help.\n";
  return out;
}

}  // namespace ekslite::cmd
