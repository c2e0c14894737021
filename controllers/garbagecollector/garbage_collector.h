// The garbage collector: deletes objects whose owners are gone, and finishes
// the deletions that wait for it.
//   - Background (the default): the owner is gone at once; every dependent
//     all of whose owners are absent is deleted. An owner is absent when no
//     object of its kind has its name *and* uid (a recreated namesake does
//     not count); dependents with some owners left only lose the references
//     to the absent ones.
//   - Foreground: the owner stays, terminating, with the "foregroundDeletion"
//     finalizer; its dependents are deleted, and once none with
//     blockOwnerDeletion=true is left the finalizer is removed.
//   - Orphan: the owner carries the "orphan" finalizer; its dependents lose
//     their references to it, then the finalizer is removed.
// The dependency graph is the informer caches of the monitored resources,
// indexed by owner uid and by uid. Besides the built-in resources it is
// given, the collector watches every custom resource whose CRD is
// Established (at its storage version), and stops when the CRD goes.
#ifndef EKSLITE_CONTROLLERS_GARBAGECOLLECTOR_GARBAGE_COLLECTOR_H_
#define EKSLITE_CONTROLLERS_GARBAGECOLLECTOR_GARBAGE_COLLECTOR_H_

#include <memory>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/resource.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

// A resource the collector watches, with its kind and scope.
struct MonitoredResource {
  client::GroupVersionResource resource;
  std::string kind;
  bool namespaced = true;
};

// The resources that commonly carry or are named in ownerReferences.
std::vector<MonitoredResource> DefaultMonitoredResources();

struct GarbageCollectorOptions {
  int workers = 5;
  Clock* clock = &RealClock();
  std::vector<MonitoredResource> resources = DefaultMonitoredResources();
  bool custom_resources = true;  // also watch the resources CRDs define
};

// A stopped collector; registers its informers with `informers` now. Both
// arguments must outlive it.
std::unique_ptr<Component> NewGarbageCollector(const client::DynamicClient& client,
                                               client::InformerFactory& informers,
                                               GarbageCollectorOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_GARBAGECOLLECTOR_GARBAGE_COLLECTOR_H_
