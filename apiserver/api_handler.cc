#include "apiserver/api_handler.h"

#include <set>

#include "apiserver/admission/admission.h"
#include "apiserver/authz/access_control.h"
#include "apiserver/bootstrap.h"
#include "apiserver/cache/watch_cache.h"
#include "apiserver/crd/crd_controller.h"
#include "apiserver/discovery/discovery.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/openapi/openapi_service.h"
#include "apiserver/registry/cluster_ip_allocator.h"
#include "apiserver/registry/object_codec.h"
#include "apiserver/registry/registry.h"
#include "apiserver/request_info.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/node_port_allocator.h"
#include "apiserver/response.h"
#include "apiserver/version.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/schema/schema.h"
#include "core/timer_queue.h"

namespace ekslite::apiserver {
namespace {

bool IsHealthPath(const std::string& path) {
  for (const char* p : {"/healthz", "/livez", "/readyz"}) {
    std::string_view base = p;
    if (path == base || (path.size() > base.size() && path.compare(0, base.size(), base) == 0 &&
                         path[base.size()] == '/')) {
      return true;
    }
  }
  return false;
}

bool IsWrite(const std::string& verb) {
  return verb == "create" || verb == "update" || verb == "patch" || verb == "delete" ||
         verb == "deletecollection";
}

Status NotFoundPath() {
  return Status(Code::kNotFound, "the server could not find the requested resource",
                StatusDetails{});
}

// Builds cache entries for one stored resource: parses the object once,
// splices in the resourceVersion and extracts what selectors look at.
EntryBuilder BuilderFor(const ResourceInfo& info) {
  std::vector<FieldSelectorSpec> fields = info.field_selectors;
  return [fields](const std::string& key, const std::string& value, int64_t revision) -> ObjectPtr {
    auto doc = ParseJson(value);
    if (!doc.ok() || !doc->IsObject()) return nullptr;
    auto obj = std::make_shared<CachedObject>();
    obj->key = key;
    obj->revision = revision;
    obj->json = WithResourceVersion(value, revision);
    obj->index.name = StringAt(*doc, "metadata.name");
    obj->index.namespace_ = StringAt(*doc, "metadata.namespace");
    if (const JsonValue* labels = Path(*doc, "metadata.labels"); labels && labels->IsObject()) {
      for (const auto& m : labels->GetObject()) {
        if (m.value.IsString()) obj->index.labels.emplace(View(m.name), View(m.value));
      }
    }
    for (const FieldSelectorSpec& f : fields) {
      if (auto v = f.get(*doc)) obj->index.fields.emplace(f.label, std::move(*v));
    }
    return obj;
  };
}

// A response stream (a watch) that keeps the entry of a custom resource
// alive until it ends, whatever happens to the CRD meanwhile.
class PinnedStream final : public http::BodyStream {
 public:
  PinnedStream(std::shared_ptr<const ResourceInfo> pin, std::unique_ptr<http::BodyStream> inner)
      : pin_(std::move(pin)), inner_(std::move(inner)) {}
  State Read(std::string* out) override { return inner_->Read(out); }
  void OnReadable(std::function<void()> wake) override { inner_->OnReadable(std::move(wake)); }
  void Close() override { inner_->Close(); }

 private:
  std::shared_ptr<const ResourceInfo> pin_;  // destroyed after inner_
  std::unique_ptr<http::BodyStream> inner_;
};

class ApiHandler final : public Handler {
 public:
  explicit ApiHandler(storage::Store& store, const ApiHandlerOptions& options)
      : options_(options),
        clock_(*options.clock),
        cache_(store, options.watch_history),
        registry_(store, cache_, clock_),
        access_(cache_, registry_, table_),
        discovery_(table_),
        openapi_(table_, clock_) {}

  Status Init() {
    EKS_ASSIGN_OR_RETURN(ips_, ClusterIpAllocator::Create(options_.service_cidr, clock_));
    BuiltinOptions builtin;
    builtin.service_ips = ips_.get();
    node_ports_ = std::make_unique<NodePortAllocator>(clock_);
    builtin.node_ports = node_ports_.get();
    builtin.after_crd_write = [this] {
      if (crds_ != nullptr) crds_->OnCrdWritten();
    };
    EKS_RETURN_IF_ERROR(access_.Configure(AccessOptions(), &builtin));
    options_.authenticators.push_back(access_.service_account_authenticator());
    RegisterBuiltinResources(table_, builtin);
    registry_.set_table(&table_);
    AdmissionOptions admission;
    admission.default_not_ready_toleration_seconds = options_.default_not_ready_toleration_seconds;
    admission.default_unreachable_toleration_seconds =
        options_.default_unreachable_toleration_seconds;
    registry_.set_admission(NewAdmission(registry_, admission));
    std::set<std::string> prefixes;
    for (const ResourceInfo* r : table_.All()) {
      // The storage version (the resource's own group and version) builds the
      // cache entries; other versions read the same cache.
      if (r->storage_group != r->group || r->storage_resource != r->resource) continue;
      if (prefixes.insert(ResourceTable::StoragePrefix(*r)).second) {
        cache_.AddResource(ResourceTable::StoragePrefix(*r), BuilderFor(*r));
      }
    }
    EKS_RETURN_IF_ERROR(cache_.Start());
    EKS_RETURN_IF_ERROR(StartCrds());
    EKS_RETURN_IF_ERROR(access_.Start());
    ResourceCache* services = cache_.Find("/core/services/");
    ips_->SetUsedSource([services](const auto& visit) {
      CacheListOptions all;
      all.prefix = "/core/services/";
      auto list = services->List(all);
      if (!list.ok()) return;
      for (const ObjectPtr& o : list->items) {
        auto it = o->index.fields.find("spec.clusterIP");
        if (it != o->index.fields.end()) visit(it->second);
      }
    });
    node_ports_->SetUsedSource(NodePortsOfServices(services));
    EKS_RETURN_IF_ERROR(Bootstrap(table_, registry_, *ips_));
    EKS_RETURN_IF_ERROR(access_.Bootstrap());
    openapi_.StartPrebuild();
    return Status::Ok();
  }

  ~ApiHandler() override {
    crds_.reset();  // its thread writes through the registry
    cache_.Stop();
  }

  http::Response Serve(http::Request request, const Peer& peer) override {
    try {
      auto start = std::chrono::steady_clock::now();
      RequestInfo info = ParseRequestInfo(request);
      http::Response r = ServeUnsafe(request, info, peer);
      Record(request, info, r, std::chrono::steady_clock::now() - start);
      return r;
    } catch (const std::exception& e) {
      Logger("apiserver")
          ->error("{} {}: internal error: {}", std::string(request.method_string()),
                  std::string(request.target()), e.what());
      return StatusResponse(
          Status::Internal(std::string("an internal error occurred: ") + e.what()));
    }
  }

 private:
  http::Response ServeUnsafe(const http::Request& request, const RequestInfo& info,
                             const Peer& peer) {
    if (IsHealthPath(info.path)) return TextResponse(200, "ok");
    auto user = Authenticate(request, peer);
    if (!user.ok()) return StatusResponse(user.status());
    auto acting = access_.Admit(request, info, *user);  // impersonation, RBAC
    if (!acting.ok()) return StatusResponse(acting.status());
    if (!info.is_resource_request) return ServeNonResource(request, info);
    return ServeResource(request, info, *acting);
  }

  // Serves the custom resources of the stored CRDs (they survive restarts).
  Status StartCrds() {
    CrdControllerOptions o;
    o.table = &table_;
    o.cache = &cache_;
    o.registry = &registry_;
    o.entry_builder = BuilderFor;
    EKS_ASSIGN_OR_RETURN(crds_, CrdController::Start(o));
    return Status::Ok();
  }

  AccessControlOptions AccessOptions() const {
    AccessControlOptions o;
    o.service_account_private_key_pem = options_.service_account_private_key_pem;
    o.service_account_public_key_pem = options_.service_account_public_key_pem;
    o.service_account_issuer = options_.service_account_issuer;
    o.api_audiences = options_.api_audiences;
    o.clock = &clock_;
    o.token_authenticators = options_.authenticators;
    return o;
  }

  StatusOr<UserInfo> Authenticate(const http::Request& request, const Peer& peer) {
    if (peer.in_process && peer.certificate_user) return *peer.certificate_user;
    // Every authenticator gets its chance (a token one authenticator does not
    // know may be another's); a refusal counts only when none accepts.
    std::optional<Status> refused;
    for (const auto& a : options_.authenticators) {
      auto user = a->Authenticate(request, peer);
      if (!user.ok()) {
        refused = user.status();
      } else if (*user) {
        return **user;
      }
    }
    if (refused) return Status::Unauthorized("Unauthorized");
    if (options_.anonymous_auth) {
      return UserInfo{"system:anonymous", "", {"system:unauthenticated"}, {}};
    }
    return Status::Unauthorized("Unauthorized");
  }

  // Counts every request and, except streams, records its latency by verb and
  // resource.
  void Record(const http::Request& request, const RequestInfo& info, const http::Response& r,
              std::chrono::steady_clock::duration took) {
    std::string verb = info.is_resource_request ? info.verb : std::string(request.method_string());
    std::string code = std::to_string(r.head.result_int());
    requests_->Add({verb, info.group, info.resource, info.subresource, code});
    if (r.stream) return;
    latency_->Observe({verb, info.group, info.resource, info.subresource},
                      std::chrono::duration<double>(took).count());
  }

  http::Response ServeNonResource(const http::Request& request, const RequestInfo& info) {
    if (info.path == "/version" || info.path == "/version/") {
      return JsonResponse(200, VersionJson());
    }
    if (info.path == "/metrics") {
      http::Response r = TextResponse(200, Metrics::Global().Render());
      r.head.set(http::Field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      return r;
    }
    if (auto r = discovery_.Serve(request, info)) return std::move(*r);
    if (auto r = openapi_.Serve(request, info)) return std::move(*r);
    return StatusResponse(NotFoundPath());
  }

  http::Response ServeResource(const http::Request& request, const RequestInfo& info,
                               const UserInfo& user) {
    // Pinned for the whole request (and its stream): a custom resource's
    // entry may be replaced or removed meanwhile (resource_table.h).
    std::shared_ptr<const ResourceInfo> pinned = table_.Pin(info.group, info.version, info.resource);
    const ResourceInfo* r = pinned.get();
    if (r == nullptr) return StatusResponse(NotFoundPath());
    if (!r->namespaced && info.namespaced_path) return StatusResponse(NotFoundPath());
    bool needs_namespace =
        !info.name.empty() || info.verb == "create" || info.verb == "deletecollection";
    if (r->namespaced && needs_namespace && !info.namespaced_path) {
      return StatusResponse(NotFoundPath());
    }
    if (!info.subresource.empty() && !r->HasSubresource(info.subresource)) {
      return StatusResponse(NotFoundPath());
    }
    std::vector<std::string> warnings;
    RequestScope scope{request,   info,
                       *r,        user,
                       registry_, schema::BuiltinSchema(),
                       timers_,   options_.bookmark_interval,
                       warnings};
    http::Response response = Dispatch(scope);
    if (r->after_write && IsWrite(info.verb) && response.head.result_int() < 300) r->after_write();
    AddWarnings(response, warnings);
    if (response.stream && r->custom_schema != nullptr) {
      response.stream = std::make_unique<PinnedStream>(std::move(pinned), std::move(response.stream));
    }
    return response;
  }

  http::Response Dispatch(const RequestScope& scope) {
    const std::string& verb = scope.info.verb;
    const std::string& sub = scope.info.subresource;
    if (!sub.empty()) {
      auto custom = scope.resource.subresource_handlers.find(sub);
      if (custom != scope.resource.subresource_handlers.end()) return custom->second(scope);
    }
    if (sub.empty() && verb == "create" && scope.resource.create_handler) {
      return scope.resource.create_handler(scope);
    }
    bool main_or_status = sub.empty() || sub == "status";
    if (sub.empty() && !scope.resource.HasVerb(verb)) {
      return StatusResponse(Status::MethodNotAllowed(
          "the server does not allow this method on the requested resource"));
    }
    if (main_or_status && verb == "get") return HandleGet(scope);
    if (sub.empty() && verb == "list") return HandleList(scope);
    if (sub.empty() && verb == "watch") return HandleWatch(scope);
    if (sub.empty() && verb == "create") return HandleCreate(scope);
    if (main_or_status && verb == "update") return HandleUpdate(scope);
    if (main_or_status && verb == "patch") return HandlePatch(scope);
    if (sub.empty() && verb == "delete") return HandleDelete(scope);
    if (sub.empty() && verb == "deletecollection") return HandleDeleteCollection(scope);
    if (sub == "finalize" && verb == "update") return HandleUpdate(scope);
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }

  ApiHandlerOptions options_;
  Clock& clock_;
  ResourceTable table_;
  WatchCache cache_;
  Registry registry_;
  AccessControl access_;
  Discovery discovery_;
  OpenApiService openapi_;
  TimerQueue timers_;
  std::unique_ptr<ClusterIpAllocator> ips_;
  std::unique_ptr<NodePortAllocator> node_ports_;
  std::unique_ptr<CrdController> crds_;
  CounterVec* requests_ = Metrics::Global().Counter(
      "apiserver_request_total", "Requests served, by verb, group, resource, subresource and code.",
      {"verb", "group", "resource", "subresource", "code"});
  HistogramVec* latency_ = Metrics::Global().Histogram(
      "apiserver_request_duration_seconds",
      "Time to serve a request in the handler (watches excluded), by verb and resource.",
      {"verb", "group", "resource", "subresource"}, LatencyBuckets());
};

}  // namespace

StatusOr<std::unique_ptr<Handler>> NewApiHandler(storage::Store& store,
                                                 const ApiHandlerOptions& options) {
  auto handler = std::make_unique<ApiHandler>(store, options);
  EKS_RETURN_IF_ERROR(handler->Init());
  return std::unique_ptr<Handler>(std::move(handler));
}

}  // namespace ekslite::apiserver
