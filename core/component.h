// Component: a long-running part of the process that works through the API —
// the scheduler, a controller, the simulated kubelet. The composition root
// (cmd/ekslite) constructs every component (each registers its informers and
// handlers with the shared InformerFactory), starts the factory, then calls
// Start() on each; Stop() runs in the reverse order at shutdown.
#ifndef EKSLITE_CORE_COMPONENT_H_
#define EKSLITE_CORE_COMPONENT_H_

#include <string_view>

#include "core/status.h"

namespace ekslite {

class Component {
 public:
  virtual ~Component() = default;
  // A short name for logs, e.g. "scheduler" or "deployment-controller".
  virtual std::string_view name() const = 0;
  // Starts the component's threads; returns once it is running (it may wait
  // for its informers to sync). An error stops the process's startup.
  virtual Status Start() = 0;
  // Stops every thread the component started and waits for them. Idempotent;
  // also safe when Start() was never called or failed.
  virtual void Stop() = 0;
};

}  // namespace ekslite

#endif  // EKSLITE_CORE_COMPONENT_H_
