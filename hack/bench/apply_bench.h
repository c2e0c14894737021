// RunApplies: the server-side cost of applying a Deployment again and again,
// the way the two kinds of apply do it:
//
//   kStrategicMerge  what `kubectl apply` sends for an object it applied
//                    before: PATCH application/strategic-merge-patch+json, a
//                    three-way patch carrying the new last-applied annotation,
//                    ?fieldManager=kubectl-client-side-apply&fieldValidation=Strict
//   kServerSide      what `kubectl apply --server-side` sends: PATCH
//                    application/apply-patch+yaml with the whole object,
//                    ?fieldManager=kubectl&fieldValidation=Strict&force=false
//
// Each apply changes the replica count and one environment value of the
// container, as a CI pipeline re-applying a manifest would. The latency is
// read twice: per op in the client, and from the server's own
// apiserver_request_duration_seconds histogram (verb="patch",
// resource="deployments"), scraped before and after the timed applies.
#ifndef EKSLITE_HACK_BENCH_APPLY_BENCH_H_
#define EKSLITE_HACK_BENCH_APPLY_BENCH_H_

#include <cstdint>
#include <string>

#include "core/status.h"
#include "hack/bench/api_client.h"
#include "hack/bench/latency_samples.h"
#include "hack/bench/server_histogram.h"

namespace ekslite::bench {

enum class ApplyKind { kStrategicMerge, kServerSide };

struct ApplyOptions {
  ApplyKind kind = ApplyKind::kStrategicMerge;
  std::string namespace_ = "bench-apply";
  int64_t ops = 3000;  // timed applies in total
  int clients = 1;     // each applies its own Deployment, one op at a time
};

struct ApplyResult {
  int64_t ops = 0;
  int64_t errors = 0;
  std::string first_error;
  double seconds = 0;
  size_t request_bytes = 0;  // of the last apply's body
  LatencySamples client;     // send to last byte read, per op
  ServerHistogram server;    // the timed applies only
};

// Creates the Deployments (untimed), then runs the timed applies. kInternal
// when the setup fails; a failed apply is counted in `errors`.
StatusOr<ApplyResult> RunApplies(const ApiEndpoint& endpoint, const ApplyOptions& options);

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_APPLY_BENCH_H_
