#include "controllers/job/job_pods.h"

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/job/job_controller.h"
#include "controllers/job/job_status.h"

namespace ekslite::controllers {
namespace job {
namespace {

void CopyMap(const JsonValue& from, std::string_view path, JsonValue& meta, const char* name,
             JsonAllocator& a) {
  const JsonValue* m = Path(from, path);
  if (m != nullptr && m->IsObject()) SetMember(meta, name, JsonValue(*m, a), a);
}

}  // namespace

Json PodForJob(const JsonValue& job, std::optional<int64_t> index, int64_t index_failures) {
  Json pod(rapidjson::kObjectType);
  JsonAllocator& a = pod.GetAllocator();
  std::string name(StringAt(job, "metadata.name"));
  SetString(pod, "apiVersion", "v1", a);
  SetString(pod, "kind", "Pod", a);
  JsonValue& meta = EnsureObject(pod, "metadata", a);
  SetString(meta, "namespace", StringAt(job, "metadata.namespace"), a);
  SetString(meta, "generateName", index ? name + "-" + std::to_string(*index) + "-" : name + "-",
            a);
  CopyMap(job, "spec.template.metadata.labels", meta, "labels", a);
  CopyMap(job, "spec.template.metadata.annotations", meta, "annotations", a);
  if (index) {
    std::string i = std::to_string(*index);
    SetString(EnsureObject(meta, "annotations", a), kCompletionIndexAnnotation, i, a);
    SetString(EnsureObject(meta, "labels", a), kCompletionIndexAnnotation, i, a);
    if (BackoffLimitPerIndex(job)) {
      SetString(EnsureObject(meta, "annotations", a), kIndexFailureCountAnnotation,
                std::to_string(index_failures), a);
    }
  }
  JsonValue finalizers(rapidjson::kArrayType);
  finalizers.PushBack(MakeString(kTrackingFinalizer, a), a);
  SetMember(meta, "finalizers", std::move(finalizers), a);
  Json ref = MakeControllerRef(job, "batch/v1", "Job");
  AddOwnerRef(pod, ref, a);
  const JsonValue* spec = Path(job, "spec.template.spec");
  SetMember(
      pod, "spec",
      spec != nullptr && spec->IsObject() ? JsonValue(*spec, a) : JsonValue(rapidjson::kObjectType),
      a);
  if (index && StringAt(pod, "spec.hostname").empty()) {
    SetString(pod["spec"], "hostname", name + "-" + std::to_string(*index), a);
  }
  return pod;
}

bool HasFinalizer(const JsonValue& object, std::string_view finalizer) {
  const JsonValue* list = Path(object, "metadata.finalizers");
  if (list == nullptr || !list->IsArray()) return false;
  for (const JsonValue& f : list->GetArray()) {
    if (f.IsString() && View(f) == finalizer) return true;
  }
  return false;
}

std::string RemoveFinalizerPatch(const JsonValue& object, std::string_view finalizer) {
  const JsonValue* list = Path(object, "metadata.finalizers");
  Json rest(rapidjson::kArrayType);
  for (const JsonValue& f : list->GetArray()) {
    if (!(f.IsString() && View(f) == finalizer))
      rest.PushBack(JsonValue(f, rest.GetAllocator()), rest.GetAllocator());
  }
  return R"([{"op":"test","path":"/metadata/finalizers","value":)" + ToJsonString(*list) +
         R"(},{"op":"replace","path":"/metadata/finalizers","value":)" + ToJsonString(rest) + "}]";
}

}  // namespace job

Status JobController::CreatePods(const JsonValue& job, const std::string& key,
                                 const std::vector<int64_t>& indexes, int64_t count,
                                 const std::map<int64_t, int64_t>& index_failures) {
  if (count <= 0) return Status::Ok();
  auto pods =
      client_.Resource(client::resources::kPods, std::string(StringAt(job, "metadata.namespace")));
  expectations_.Expect(key, static_cast<int>(count), 0);
  Status first_error;
  for (int64_t i = 0; i < count; ++i) {
    std::optional<int64_t> index;
    if (!indexes.empty()) index = indexes[static_cast<size_t>(i)];
    int64_t failures = 0;
    if (index) {
      auto it = index_failures.find(*index);
      if (it != index_failures.end()) failures = it->second;
    }
    auto created = pods.Create(job::PodForJob(job, index, failures));
    if (!created.ok()) {
      expectations_.CreationObserved(key);  // it will never be seen
      events_->Event(job, client::kEventWarning, "FailedCreate",
                     "Error creating: " + created.status().message());
      if (first_error.ok()) first_error = created.status();
      continue;
    }
    events_->Event(job, client::kEventNormal, "SuccessfulCreate",
                   "Created pod: " + std::string(StringAt(*created, "metadata.name")));
  }
  return first_error;
}

Status JobController::DeletePods(const JsonValue& job, const std::string& key,
                                 const std::vector<client::ObjectPtr>& victims) {
  auto pods =
      client_.Resource(client::resources::kPods, std::string(StringAt(job, "metadata.namespace")));
  expectations_.Expect(key, 0, static_cast<int>(victims.size()));
  Status first_error;
  for (const client::ObjectPtr& pod : victims) {
    std::string name(StringAt(*pod, "metadata.name"));
    client::DeleteOptions options;
    options.precondition_uid = std::string(StringAt(*pod, "metadata.uid"));
    auto deleted = pods.Delete(name, options);
    if (!deleted.ok()) {
      expectations_.DeletionObserved(key);
      if (!deleted.status().IsNotFound() && first_error.ok()) first_error = deleted.status();
      continue;
    }
    events_->Event(job, client::kEventNormal, "SuccessfulDelete", "Deleted pod: " + name);
  }
  return first_error;
}

Status JobController::RemoveFinalizers(const std::vector<client::ObjectPtr>& pods) {
  Status first_error;
  for (const client::ObjectPtr& pod : pods) {
    if (!job::HasFinalizer(*pod, job::kTrackingFinalizer)) continue;
    auto patched =
        client_
            .Resource(client::resources::kPods, std::string(StringAt(*pod, "metadata.namespace")))
            .Patch(StringAt(*pod, "metadata.name"), client::PatchType::kJson,
                   job::RemoveFinalizerPatch(*pod, job::kTrackingFinalizer));
    if (!patched.ok() && !patched.status().IsNotFound() && first_error.ok()) {
      first_error = patched.status();
    }
  }
  return first_error;
}

// A finished (or deleted) Job: its pods lose the tracking finalizer, and
// after ttlSecondsAfterFinished the Job itself is deleted with its pods.
Status JobController::SyncFinished(const JsonValue& job,
                                   const std::vector<client::ObjectPtr>& pods) {
  EKS_RETURN_IF_ERROR(RemoveFinalizers(pods));
  std::optional<int64_t> ttl = IntAt(job, "spec.ttlSecondsAfterFinished");
  if (!ttl || IsBeingDeleted(job)) return Status::Ok();
  std::optional<Clock::time_point> finished = job::JobFinishTime(job);
  if (!finished) return Status::Ok();
  Clock::time_point expiry = *finished + std::chrono::seconds(*ttl);
  Clock::time_point now = clock().Now();
  if (now < expiry) {
    queue().AddAfter(client::ObjectKey(job), expiry - now + std::chrono::milliseconds(100));
    return Status::Ok();
  }
  client::DeleteOptions options;
  options.propagation_policy = "Background";
  options.precondition_uid = std::string(StringAt(job, "metadata.uid"));
  log()->info("deleting finished job {} after its TTL", client::ObjectKey(job));
  auto deleted =
      client_.Resource(client::resources::kJobs, std::string(StringAt(job, "metadata.namespace")))
          .Delete(StringAt(job, "metadata.name"), options);
  if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  return Status::Ok();
}

}  // namespace ekslite::controllers
