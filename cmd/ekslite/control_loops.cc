#include "cmd/ekslite/control_loops.h"

#include <utility>

#include "core/client/loopback_transport.h"
#include "core/log.h"

namespace ekslite::cmd {

StatusOr<std::unique_ptr<ControlLoops>> ControlLoops::Start(http::Handler& handler,
                                                            const ControlLoopOptions& options) {
  std::unique_ptr<ControlLoops> loops(new ControlLoops());
  loops->transport_ = client::NewLoopbackTransport(handler);
  loops->client_ = std::make_unique<client::DynamicClient>(*loops->transport_);
  client::InformerFactoryOptions informer_options;
  informer_options.transform = client::DropManagedFields();
  loops->informers_ = std::make_unique<client::InformerFactory>(*loops->client_, informer_options);
  std::vector<std::unique_ptr<Component>>& components = loops->components_;

  // Each part adds its components here, in start order; constructing one
  // registers its informers and handlers with loops->informers_.
  // -- simulated nodes (kubelet/) --
  // -- scheduler (scheduler/) --
  // -- controllers (controllers/) --
  (void)options;

  loops->informers_->Start();
  for (std::unique_ptr<Component>& component : components) {
    Status status = component->Start();
    if (!status.ok()) {
      Logger("ekslite")->error("{} cannot start: {}", component->name(), status.ToString());
      loops->Stop();
      return status;
    }
  }
  return loops;
}

ControlLoops::~ControlLoops() { Stop(); }

void ControlLoops::Stop() {
  for (size_t i = components_.size(); i-- > 0;) components_[i]->Stop();
  if (informers_ != nullptr) informers_->Shutdown();
}

}  // namespace ekslite::cmd
