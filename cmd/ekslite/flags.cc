#include "cmd/ekslite/flags.h"

#include <charconv>
#include <utility>

namespace ekslite::cmd {

StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return Status::BadRequest("empty duration");
  double total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    double number = 0;
    auto [end, ec] = std::from_chars(text.data() + start, text.data() + i, number);
    if (start == i || ec != std::errc() || end != text.data() + i) {
      return Status::BadRequest("invalid duration \"" + std::string(text) + "\"");
    }
    size_t unit_start = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale = unit == "ms" ? 1 : unit == "s" ? 1e3 : unit == "m" ? 60e3 : unit == "h" ? 3600e3 : -1;
    if (scale < 0) {
      return Status::BadRequest("invalid duration \"" + std::string(text) +
                                "\": want a number with a unit of ms, s, m or h");
    }
    total_ms += number * scale;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total_ms));
}

std::string FormatDuration(std::chrono::milliseconds value) {
  int64_t ms = value.count();
  if (ms == 0) return "0s";
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

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

void FlagSet::AddDuration(std::string name, std::chrono::milliseconds* value, std::string help) {
  flags_.push_back({std::move(name), value, FormatDuration(*value), std::move(help)});
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
  } else if (auto* d = std::get_if<std::chrono::milliseconds*>(&flag.value)) {
    StatusOr<std::chrono::milliseconds> parsed = ParseDuration(text);
    if (!parsed.ok()) return invalid("a duration such as 40s, 5m or 500ms");
    **d = *parsed;
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
