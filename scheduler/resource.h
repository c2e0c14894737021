// Resource: an amount of each schedulable resource — what a node can hold
// (allocatable) or what pods ask for (requests). CPU is in millicores,
// memory and ephemeral storage in bytes, extended resources in units.
#ifndef EKSLITE_SCHEDULER_RESOURCE_H_
#define EKSLITE_SCHEDULER_RESOURCE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/json.h"

namespace ekslite::scheduler {

// Requests of containers that set none count as this much when scoring, so
// that best-effort pods do not all pile onto one node (upstream's defaults).
inline constexpr int64_t kDefaultMilliCpuRequest = 100;
inline constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;

struct Resource {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  int64_t pods = 0;  // allowed pod count (allocatable only)
  // Extended resources ("nvidia.com/gpu", "hugepages-2Mi", ...).
  std::map<std::string, int64_t, std::less<>> scalar;

  void Add(const Resource& other);
  void Subtract(const Resource& other);
  // Raises each amount to at least `other`'s.
  void SetMax(const Resource& other);
  bool IsZero() const;
  int64_t Scalar(std::string_view name) const;
};

// Reads a ResourceList (`{"cpu": "500m", "memory": "1Gi", ...}`).
Resource ResourceFromList(const JsonValue* list);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_RESOURCE_H_
