#include "core/client/informer_factory.h"

#include <vector>

namespace ekslite::client {

InformerFactory::InformerFactory(const DynamicClient& client, InformerFactoryOptions options)
    : client_(client), options_(std::move(options)) {}

InformerFactory::~InformerFactory() { Shutdown(); }

std::shared_ptr<SharedInformer> InformerFactory::ForResource(const GroupVersionResource& resource,
                                                             const InformerSelectors& selectors) {
  std::lock_guard<std::mutex> lock(mu_);
  Key key{resource, selectors.label_selector, selectors.field_selector};
  auto it = informers_.find(key);
  if (it != informers_.end()) return it->second;
  InformerOptions o;
  o.resource = resource;
  o.ns = options_.ns;
  o.label_selector = selectors.label_selector;
  o.field_selector = selectors.field_selector;
  o.resync_period = options_.default_resync;
  o.transform = options_.transform;
  o.clock = options_.clock;
  auto informer = NewSharedInformer(client_, std::move(o));
  informers_.emplace(std::move(key), informer);
  return informer;
}

void InformerFactory::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [key, informer] : informers_) informer->Start();
}

bool InformerFactory::WaitForCacheSync(std::chrono::milliseconds timeout) {
  std::vector<std::shared_ptr<SharedInformer>> held;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, informer] : informers_) held.push_back(informer);
  }
  std::vector<SharedInformer*> all;
  for (auto& i : held) all.push_back(i.get());
  return client::WaitForCacheSync(all, timeout);
}

void InformerFactory::Shutdown() {
  std::map<Key, std::shared_ptr<SharedInformer>> informers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    informers = informers_;
  }
  for (auto& [key, informer] : informers) informer->Stop();
}

}  // namespace ekslite::client
