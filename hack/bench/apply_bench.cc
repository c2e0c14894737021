#include "hack/bench/apply_bench.h"

#include <vector>

#include "core/json.h"
#include "hack/bench/bench_objects.h"
#include "hack/bench/load_runner.h"

namespace ekslite::bench {
namespace {

constexpr char kHistogram[] = "apiserver_request_duration_seconds";
constexpr char kLastApplied[] = "kubectl.kubernetes.io/last-applied-configuration";

std::string DeploymentsPath(const std::string& ns) {
  return "/apis/apps/v1/namespaces/" + ns + "/deployments";
}

// The manifest a user applies, shaped like the `helm create` chart's
// Deployment, as compact JSON with its keys in sorted order (the form kubectl
// stores in the last-applied annotation). `empty_annotations` adds the
// `"annotations":{}` kubectl leaves in that copy.
std::string Manifest(const std::string& name, const std::string& ns, int64_t replicas,
                     int64_t iteration, bool empty_annotations) {
  const std::string labels =
      R"({"app.kubernetes.io/instance":")" + name +
      R"(","app.kubernetes.io/managed-by":"bench","app.kubernetes.io/name":"web",)"
      R"("app.kubernetes.io/version":"1.16.0"})";
  const std::string selector = R"({"matchLabels":{"app.kubernetes.io/instance":")" + name +
                               R"(","app.kubernetes.io/name":"web"}})";
  const std::string probe = R"({"httpGet":{"path":"/","port":"http"}})";
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{)" +
         std::string(empty_annotations ? R"("annotations":{},)" : "") + R"("labels":)" + labels +
         R"(,"name":")" + name + R"(","namespace":")" + ns + R"("},"spec":{"replicas":)" +
         std::to_string(replicas) + R"(,"selector":)" + selector +
         R"(,"template":{"metadata":{"labels":)" + labels +
         R"(},"spec":{"containers":[{"env":[{"name":"ITERATION","value":")" +
         std::to_string(iteration) +
         R"("},{"name":"MODE","value":"bench"}],"image":"registry.local/library/nginx:1.16.0",)"
         R"("imagePullPolicy":"IfNotPresent","livenessProbe":)" +
         probe +
         R"(,"name":"web","ports":[{"containerPort":80,"name":"http","protocol":"TCP"}],)"
         R"("readinessProbe":)" +
         probe +
         R"(,"resources":{"limits":{"cpu":"100m","memory":"128Mi"},)"
         R"("requests":{"cpu":"100m","memory":"128Mi"}}}],"serviceAccountName":")" +
         name + R"("}}}})";
}

// The three-way strategic merge patch kubectl computes when the replica
// count and ITERATION changed since the last apply.
std::string StrategicMergePatch(const std::string& name, const std::string& ns, int64_t replicas,
                                int64_t iteration) {
  std::string annotation;
  AppendJsonString(Manifest(name, ns, replicas, iteration, true) + "\n", &annotation);
  return R"({"metadata":{"annotations":{")" + std::string(kLastApplied) + R"(":)" + annotation +
         R"(}},"spec":{"replicas":)" + std::to_string(replicas) +
         R"(,"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],)"
         R"("containers":[{"$setElementOrder/env":[{"name":"ITERATION"},{"name":"MODE"}],)"
         R"("env":[{"name":"ITERATION","value":")" +
         std::to_string(iteration) + R"("}],"name":"web"}]}}}})";
}

// kubectl apply's first apply of a missing object: a create that carries
// the annotation.
std::string CreateBody(const std::string& name, const std::string& ns) {
  Json doc;
  doc.Parse(Manifest(name, ns, 1, 0, false).c_str());
  JsonValue& meta = EnsureObject(doc, "metadata", doc.GetAllocator());
  JsonValue& annotations = EnsureObject(meta, "annotations", doc.GetAllocator());
  SetString(annotations, kLastApplied, Manifest(name, ns, 1, 0, true) + "\n", doc.GetAllocator());
  return ToJsonString(doc);
}

struct Target {
  std::string path;   // of the object
  std::string query;  // the apply's parameters
  std::string content_type;
};

Target TargetFor(ApplyKind kind, const std::string& ns, const std::string& name) {
  Target t;
  t.path = DeploymentsPath(ns) + "/" + name;
  if (kind == ApplyKind::kStrategicMerge) {
    t.query = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";
    t.content_type = "application/strategic-merge-patch+json";
  } else {
    t.query = "?fieldManager=kubectl&fieldValidation=Strict&force=false";
    t.content_type = "application/apply-patch+yaml";
  }
  return t;
}

std::string Body(ApplyKind kind, const std::string& name, const std::string& ns,
                 int64_t iteration) {
  const int64_t replicas = 1 + iteration % 3;  // differs from the previous apply's
  return kind == ApplyKind::kStrategicMerge ? StrategicMergePatch(name, ns, replicas, iteration)
                                            : Manifest(name, ns, replicas, iteration, false);
}

// Makes every client's Deployment exist, in the state the first timed apply
// starts from.
Status CreateDeployments(const ApiEndpoint& endpoint, const ApplyOptions& options,
                         const std::vector<std::string>& names) {
  EKS_ASSIGN_OR_RETURN(auto client, ApiClient::Connect(endpoint));
  for (const std::string& name : names) {
    const Target t = TargetFor(options.kind, options.namespace_, name);
    StatusOr<Reply> reply =
        options.kind == ApplyKind::kStrategicMerge
            ? client->Send("POST",
                           DeploymentsPath(options.namespace_) +
                               "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
                           CreateBody(name, options.namespace_))
            : client->Send("PATCH", t.path + t.query,
                           Manifest(name, options.namespace_, 1, 0, false), t.content_type);
    if (!reply.ok()) return reply.status();
    if (reply->status != 201) return Status::Internal("creating " + name + ": " + reply->body);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ApplyResult> RunApplies(const ApiEndpoint& endpoint, const ApplyOptions& options) {
  EKS_RETURN_IF_ERROR(EnsureNamespace(endpoint, options.namespace_));
  const std::string run = RunId();
  std::vector<std::string> names;
  for (int t = 0; t < options.clients; ++t) {
    names.push_back("apply-" + run + "-" + std::to_string(t));
  }
  EKS_RETURN_IF_ERROR(CreateDeployments(endpoint, options, names));

  const std::vector<std::string> labels = {R"(verb="patch")", R"(group="apps")",
                                           R"(resource="deployments")", R"(subresource="")"};
  EKS_ASSIGN_OR_RETURN(auto scraper, ApiClient::Connect(endpoint));
  EKS_ASSIGN_OR_RETURN(ServerHistogram before,
                       ServerHistogram::Scrape(*scraper, kHistogram, labels));

  std::vector<int64_t> iteration(options.clients, 0);  // each thread uses its own slot
  std::vector<size_t> bytes(options.clients, 0);
  LoadOptions load;
  load.clients = options.clients;
  load.ops = options.ops;
  EKS_ASSIGN_OR_RETURN(
      LoadResult loaded, RunLoad(endpoint, load, [&](ApiClient& client, int t, int64_t) -> Status {
        const Target target = TargetFor(options.kind, options.namespace_, names[t]);
        const std::string body = Body(options.kind, names[t], options.namespace_, ++iteration[t]);
        bytes[t] = body.size();
        EKS_ASSIGN_OR_RETURN(Reply reply, client.Send("PATCH", target.path + target.query, body,
                                                      target.content_type));
        if (reply.status != 200) return Status::Internal("apply answered " + reply.body);
        return Status::Ok();
      }));

  EKS_ASSIGN_OR_RETURN(ServerHistogram after,
                       ServerHistogram::Scrape(*scraper, kHistogram, labels));
  ApplyResult result;
  result.ops = loaded.ops;
  result.errors = loaded.errors;
  result.first_error = loaded.first_error;
  result.seconds = loaded.seconds;
  result.request_bytes = bytes[0];
  result.client = std::move(loaded.latencies);
  result.server = after.Since(before);
  return result;
}

}  // namespace ekslite::bench
