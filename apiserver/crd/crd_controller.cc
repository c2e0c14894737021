// CrdController: construction, the thread, and Sync. Finalizing deleted CRDs
// is in crd_finalizer.cc.
#include "apiserver/crd/crd_controller.h"

#include <set>

#include "apiserver/crd/crd_model.h"
#include "apiserver/crd/custom_resource_info.h"
#include "core/log.h"

namespace ekslite::apiserver {

// What the table serves for one CRD.
struct CrdController::Served {
  std::string fingerprint;  // of the spec and accepted names it was built from
  std::string group, plural;
  std::string storage_version;  // the version whose entry stores the objects
  // Shared with the strategies of the served versions: creates are refused
  // while it is set.
  std::shared_ptr<std::atomic<bool>> terminating = std::make_shared<std::atomic<bool>>(false);
};

namespace {

constexpr size_t kWatchCapacity = 1024;

// A CRD is served once established, with accepted names and a served
// version.
bool Servable(const CrdModel& crd) {
  return crd.established && !crd.accepted_names.plural.empty() &&
         !crd.accepted_names.kind.empty() && !crd.ServedVersions().empty();
}

// What the served entries are built from: equal fingerprints, equal entries.
std::string Fingerprint(const JsonValue& crd) {
  std::string out;
  if (const JsonValue* spec = Member(crd, "spec")) out = ToJsonString(*spec);
  out.push_back('\x1e');
  if (const JsonValue* names = Path(crd, "status.acceptedNames")) out += ToJsonString(*names);
  return out;
}

// One shared entry per version; versions other than the storage one point
// at its entry (ResourceTable::StorageVersionOf).
std::vector<std::shared_ptr<const ResourceInfo>> Entries(CustomResourceInfos infos) {
  std::shared_ptr<const ResourceInfo> storage;
  for (ResourceInfo& v : infos.versions) {
    if (v.version == infos.storage_version) storage = std::make_shared<const ResourceInfo>(v);
  }
  std::vector<std::shared_ptr<const ResourceInfo>> out;
  for (ResourceInfo& v : infos.versions) {
    if (v.version == infos.storage_version) {
      out.push_back(storage);
      continue;
    }
    v.storage_info = storage;
    out.push_back(std::make_shared<const ResourceInfo>(std::move(v)));
  }
  return out;
}

}  // namespace

CrdController::CrdController(const CrdControllerOptions& options) : options_(options) {}

StatusOr<std::unique_ptr<CrdController>> CrdController::Start(const CrdControllerOptions& options) {
  if (options.table == nullptr || options.cache == nullptr || options.registry == nullptr ||
      !options.entry_builder) {
    return Status::Invalid("CrdController needs a table, a cache, a registry and an entry builder");
  }
  std::unique_ptr<CrdController> c(new CrdController(options));
  c->crds_ =
      options.table->Find(std::string(kApiextensionsGroup), "v1", "customresourcedefinitions");
  if (c->crds_ == nullptr) return Status::Invalid("customresourcedefinitions are not registered");
  c->crd_cache_ = options.registry->CacheFor(*c->crds_);
  if (c->crd_cache_ == nullptr) return Status::Invalid("customresourcedefinitions have no cache");
  c->Watch();
  c->Sync();
  c->signal_->Raise();  // finalize CRDs whose deletion a restart interrupted
  c->worker_ = std::thread([raw = c.get()] { raw->Run(); });
  return c;
}

CrdController::~CrdController() {
  {
    std::lock_guard<std::mutex> lock(signal_->mu);
    signal_->stopping = true;
  }
  signal_->cv.notify_all();
  if (worker_.joinable()) worker_.join();
  if (watcher_ != nullptr) watcher_->Close();
}

void CrdController::Signal::Raise() {
  {
    std::lock_guard<std::mutex> lock(mu);
    dirty = true;
  }
  cv.notify_all();
}

void CrdController::OnCrdWritten() {
  Sync();
  signal_->Raise();
}

// (Re)arms the watch on the CRD cache: every change wakes the thread.
void CrdController::Watch() {
  if (watcher_ != nullptr) {
    std::vector<CacheEvent> events;
    if (watcher_->Take(&events)) {
      watcher_->OnReady([signal = signal_] { signal->Raise(); });
      return;
    }
    watcher_->Close();  // ended (overflow or shutdown): start a new one
  }
  auto w = crd_cache_->Watch(crd_cache_->prefix(), options_.cache->applied_revision(), false,
                             nullptr, kWatchCapacity);
  if (!w.ok()) {
    Logger("apiserver")->warn("customresourcedefinitions: cannot watch: {}", w.status().ToString());
    watcher_ = nullptr;
    return;
  }
  watcher_ = *w;
  watcher_->OnReady([signal = signal_] { signal->Raise(); });
}

void CrdController::Run() {
  bool retry = false;
  Signal& signal = *signal_;
  std::unique_lock<std::mutex> lock(signal.mu);
  while (!signal.stopping) {
    auto ready = [&signal] { return signal.dirty || signal.stopping; };
    if (retry) {
      signal.cv.wait_for(lock, options_.retry, ready);
    } else {
      signal.cv.wait(lock, ready);
    }
    if (signal.stopping) break;
    signal.dirty = false;
    lock.unlock();
    try {
      Watch();
      Sync();
      retry = FinalizeAll();
    } catch (const std::exception& e) {
      Logger("apiserver")->error("customresourcedefinitions: {}", e.what());
      retry = true;
    }
    lock.lock();
  }
}

void CrdController::Sync() {
  std::lock_guard<std::mutex> lock(sync_mu_);
  CacheListOptions all;
  all.prefix = crd_cache_->prefix();
  auto list = crd_cache_->List(all);
  if (!list.ok()) {
    Logger("apiserver")->warn("customresourcedefinitions: {}", list.status().ToString());
    return;
  }
  std::set<std::string> present;
  for (const ObjectPtr& o : list->items) {
    auto doc = ParseJson(o->json);
    if (!doc.ok()) continue;
    CrdModel crd = ReadCrd(*doc);
    if (!Servable(crd)) continue;
    present.insert(crd.name);
    SyncOne(crd, Fingerprint(*doc));
  }
  for (auto it = served_.begin(); it != served_.end();) {
    if (present.count(it->first) != 0) {
      ++it;
      continue;
    }
    if (!it->second->plural.empty()) {
      options_.table->Remove(it->second->group, it->second->plural);
      Logger("apiserver")->info("stopped serving {}.{}", it->second->plural, it->second->group);
    }
    it = served_.erase(it);
  }
}

void CrdController::SyncOne(const CrdModel& crd, const std::string& fingerprint) {
  std::shared_ptr<Served>& s = served_[crd.name];
  if (s == nullptr) s = std::make_shared<Served>();
  s->terminating->store(crd.terminating);
  if (s->fingerprint == fingerprint) return;
  auto infos = BuildCustomResourceInfos(crd, s->terminating);
  if (!infos.ok()) {
    Logger("apiserver")
        ->warn("customresourcedefinition {} cannot be served: {}", crd.name,
               infos.status().ToString());
    return;
  }
  std::string storage_version = infos->storage_version;
  std::vector<std::shared_ptr<const ResourceInfo>> entries = Entries(std::move(*infos));
  for (const auto& e : entries) {
    if (e->version != storage_version) continue;
    // The cache first: every entry in the table has one.
    auto cache = options_.cache->AddResourceLive(ResourceTable::StoragePrefix(*e),
                                                 options_.entry_builder(*e));
    if (!cache.ok()) {
      Logger("apiserver")
          ->warn("customresourcedefinition {}: {}", crd.name, cache.status().ToString());
      return;
    }
  }
  if (!s->plural.empty() && (s->plural != crd.accepted_names.plural || s->group != crd.group)) {
    options_.table->Remove(s->group, s->plural);
  }
  options_.table->Replace(crd.group, crd.accepted_names.plural, std::move(entries));
  s->fingerprint = fingerprint;
  s->group = crd.group;
  s->plural = crd.accepted_names.plural;
  s->storage_version = storage_version;
  Logger("apiserver")
      ->info("serving {}.{} (storage version {})", s->plural, s->group, storage_version);
}

std::shared_ptr<const ResourceInfo> CrdController::StorageEntry(const std::string& crd_name) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto it = served_.find(crd_name);
  if (it == served_.end() || it->second->plural.empty()) return nullptr;
  return options_.table->Pin(it->second->group, it->second->storage_version, it->second->plural);
}

}  // namespace ekslite::apiserver
