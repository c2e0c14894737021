// The benchmarks' command lines: `--name=value` arguments, each setting one
// field of the benchmark's options; an unknown flag exits with status 2.
#ifndef EKSLITE_HACK_BENCH_BENCH_FLAGS_H_
#define EKSLITE_HACK_BENCH_BENCH_FLAGS_H_

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ekslite::bench {

class FlagParser {
 public:
  FlagParser& Int(std::string name, int* out) {
    return Add(std::move(name), [out](const std::string& v) { *out = std::atoi(v.c_str()); });
  }
  // "0" is false, anything else true.
  FlagParser& Bool(std::string name, bool* out) {
    return Add(std::move(name), [out](const std::string& v) { *out = std::atoi(v.c_str()) != 0; });
  }
  FlagParser& String(std::string name, std::string* out) {
    return Add(std::move(name), [out](const std::string& v) { *out = v; });
  }

  void Parse(int argc, char** argv) const {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      size_t eq = arg.find('=');
      bool known = false;
      for (const auto& [name, set] : flags_) {
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos && arg.substr(2, eq - 2) == name) {
          set(arg.substr(eq + 1));
          known = true;
        }
      }
      if (!known) {
        std::fprintf(stderr, "unknown flag %s (want --name=value)\n", arg.c_str());
        std::exit(2);
      }
    }
  }

 private:
  FlagParser& Add(std::string name, std::function<void(const std::string&)> set) {
    flags_.emplace_back(std::move(name), std::move(set));
    return *this;
  }

  std::vector<std::pair<std::string, std::function<void(const std::string&)>>> flags_;
};

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_BENCH_FLAGS_H_
