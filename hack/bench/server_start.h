// MeasureStart: starts `ekslite server` once, times it from the spawn to the
// first `/readyz` answering "ok", reads its resident memory a little later,
// then stops it with SIGTERM.
#ifndef EKSLITE_HACK_BENCH_SERVER_START_H_
#define EKSLITE_HACK_BENCH_SERVER_START_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace ekslite::bench {

struct StartOptions {
  std::string binary = "build/ekslite";
  std::string data_dir;  // passed as --data-dir; a start is cold when DIR/pki/ca.crt is absent
  std::string storage = "sqlite";
  std::string log_file = "/dev/null";  // the server's stdout and stderr are appended here
  // How long after ready VmRSS is read (the server settles: threads started
  // by the first requests, the store's idle work).
  std::chrono::milliseconds rss_after{2000};
  std::chrono::milliseconds timeout{10000};  // to be ready
};

struct StartSample {
  bool cold = false;    // the PKI did not exist before this start
  double ready_ms = 0;  // spawn to the first "ok" from /readyz
  int64_t rss_kib = 0;  // VmRSS, `rss_after` after ready
  int64_t hwm_kib = 0;  // VmHWM (peak RSS) at the same moment
  int64_t threads = 0;  // Threads, at the same moment
};

// kUnavailable when the server exits or is not ready within the timeout (it is
// killed); kInternal when it cannot be spawned.
StatusOr<StartSample> MeasureStart(const StartOptions& options);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_SERVER_START_H_
