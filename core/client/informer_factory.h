// InformerFactory: hands out one SharedInformer per resource (and
// selectors), so that every controller in a process that cares about pods
// shares one watch and one cache of them.
#ifndef EKSLITE_CORE_CLIENT_INFORMER_FACTORY_H_
#define EKSLITE_CORE_CLIENT_INFORMER_FACTORY_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "core/client/dynamic_client.h"
#include "core/client/shared_informer.h"
#include "core/clock.h"
#include "core/thread_annotations.h"

namespace ekslite::client {

struct InformerFactoryOptions {
  std::string ns;  // every informer's namespace; "" = all
  std::chrono::milliseconds default_resync{0};
  ObjectTransform transform;  // for every informer (e.g. DropManagedFields())
  Clock* clock = &RealClock();
};

// Narrows one informer to the objects selected.
struct InformerSelectors {
  std::string label_selector;
  std::string field_selector;
};

class InformerFactory {
 public:
  // `client` must outlive the factory.
  explicit InformerFactory(const DynamicClient& client, InformerFactoryOptions options = {});
  // Stops every informer.
  ~InformerFactory();
  InformerFactory(const InformerFactory&) = delete;
  InformerFactory& operator=(const InformerFactory&) = delete;

  // The informer for `resource` with `selectors`: made on the first request,
  // the same one after. Not started until Start(). Thread-safe.
  std::shared_ptr<SharedInformer> ForResource(const GroupVersionResource& resource,
                                              const InformerSelectors& selectors = {});

  // Starts every informer made so far (informers requested later need
  // another Start). Thread-safe.
  void Start();
  // Waits until every informer made so far has synced (true) or `timeout`
  // passes (false). Start them first.
  bool WaitForCacheSync(std::chrono::milliseconds timeout);
  // Stops every informer. Idempotent.
  void Shutdown();

 private:
  using Key = std::tuple<GroupVersionResource, std::string, std::string>;

  const DynamicClient& client_;
  const InformerFactoryOptions options_;
  std::mutex mu_;
  std::map<Key, std::shared_ptr<SharedInformer>> informers_ GUARDED_BY(mu_);
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_INFORMER_FACTORY_H_
