#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace ekslite {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}

spdlog::level::level_enum& Level() {
  static spdlog::level::level_enum level = spdlog::level::info;
  return level;
}

}  // namespace

std::shared_ptr<spdlog::logger> Logger(const std::string& component) {
  std::lock_guard<std::mutex> lock(Mu());
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = spdlog::stderr_logger_mt(component);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %L %n: %v");
  logger->set_level(Level());
  return logger;
}

void SetLogLevel(const std::string& level) {
  std::lock_guard<std::mutex> lock(Mu());
  Level() = spdlog::level::from_str(level);
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(Level()); });
}

}  // namespace ekslite
