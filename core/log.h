// Logging: one spdlog logger per component ("apiserver", "storage", ...), all
// writing to stderr with the same format. Log at the point of decision, with the
// object's key.
#ifndef EKSLITE_CORE_LOG_H_
#define EKSLITE_CORE_LOG_H_

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace ekslite {

// The logger for `component`, created on first use. Thread-safe.
std::shared_ptr<spdlog::logger> Logger(const std::string& component);

// Sets the level of every logger, present and future ("info", "debug", ...).
void SetLogLevel(const std::string& level);

}  // namespace ekslite

#endif  // EKSLITE_CORE_LOG_H_
