// The objects the apiserver benchmark creates: a namespace per case and
// ConfigMaps of a given size.
#ifndef EKSLITE_HACK_BENCH_BENCH_OBJECTS_H_
#define EKSLITE_HACK_BENCH_BENCH_OBJECTS_H_

#include <cstddef>
#include <string>

#include "core/status.h"
#include "hack/bench/api_client.h"

namespace ekslite::bench {

// "/api/v1/namespaces/<ns>/configmaps".
std::string ConfigMapsPath(const std::string& ns);

// A ConfigMap named `name` whose one data value holds `value_bytes` bytes.
std::string ConfigMapJson(const std::string& name, size_t value_bytes);

// Creates namespace `ns` unless it exists. kInternal for any other answer.
Status EnsureNamespace(const ApiEndpoint& endpoint, const std::string& ns);

// A short token (from the clock) that keeps object names unique across runs
// against one server.
std::string RunId();

}  // namespace ekslite::bench

#endif  // EKSLITE_HACK_BENCH_BENCH_OBJECTS_H_
