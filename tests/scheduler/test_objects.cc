#include "tests/scheduler/test_objects.h"

namespace ekslite::scheduler::testing {

PodBuilder::PodBuilder(const std::string& name, const std::string& ns) {
  doc_ = std::move(*ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{
      "schedulerName":"default-scheduler",
      "containers":[{"name":"c","image":"busybox"}]}})"));
  auto& a = doc_.GetAllocator();
  SetString(doc_["metadata"], "name", name, a);
  SetString(doc_["metadata"], "namespace", ns, a);
  SetString(doc_["metadata"], "uid", "uid-" + ns + "-" + name, a);
  SetString(doc_["metadata"], "creationTimestamp", "2026-01-01T00:00:00Z", a);
}

PodBuilder& PodBuilder::Requests(const std::string& cpu, const std::string& memory) {
  auto& a = doc_.GetAllocator();
  JsonValue& c = doc_["spec"]["containers"][0];
  JsonValue& req = EnsureObject(EnsureObject(c, "resources", a), "requests", a);
  if (!cpu.empty()) SetString(req, "cpu", cpu, a);
  if (!memory.empty()) SetString(req, "memory", memory, a);
  return *this;
}

PodBuilder& PodBuilder::Label(const std::string& key, const std::string& value) {
  auto& a = doc_.GetAllocator();
  SetString(EnsureObject(doc_["metadata"], "labels", a), key, value, a);
  return *this;
}

PodBuilder& PodBuilder::Node(const std::string& node) {
  SetString(doc_["spec"], "nodeName", node, doc_.GetAllocator());
  return *this;
}

PodBuilder& PodBuilder::Priority(int64_t priority) {
  SetInt(doc_["spec"], "priority", priority, doc_.GetAllocator());
  return *this;
}

PodBuilder& PodBuilder::Spec(const std::string& field, const std::string& value_json) {
  Json value = std::move(*ParseJson(value_json));
  auto& a = doc_.GetAllocator();
  SetMember(doc_["spec"], field, JsonValue(value, a), a);
  return *this;
}

PodBuilder& PodBuilder::StartTime(const std::string& rfc3339) {
  auto& a = doc_.GetAllocator();
  SetString(EnsureObject(doc_, "status", a), "startTime", rfc3339, a);
  return *this;
}

NodeBuilder::NodeBuilder(const std::string& name, const std::string& cpu, const std::string& memory,
                         int pods) {
  doc_ = std::move(*ParseJson(R"({"apiVersion":"v1","kind":"Node","metadata":{"labels":{}},
      "spec":{},"status":{"allocatable":{}}})"));
  auto& a = doc_.GetAllocator();
  SetString(doc_["metadata"], "name", name, a);
  SetString(doc_["metadata"]["labels"], "kubernetes.io/hostname", name, a);
  JsonValue& alloc = doc_["status"]["allocatable"];
  SetString(alloc, "cpu", cpu, a);
  SetString(alloc, "memory", memory, a);
  SetString(alloc, "pods", std::to_string(pods), a);
}

NodeBuilder& NodeBuilder::Label(const std::string& key, const std::string& value) {
  SetString(doc_["metadata"]["labels"], key, value, doc_.GetAllocator());
  return *this;
}

NodeBuilder& NodeBuilder::Taint(const std::string& key, const std::string& value,
                                const std::string& effect) {
  auto& a = doc_.GetAllocator();
  JsonValue& spec = doc_["spec"];
  if (Member(spec, "taints") == nullptr)
    SetMember(spec, "taints", JsonValue(rapidjson::kArrayType), a);
  JsonValue t(rapidjson::kObjectType);
  SetString(t, "key", key, a);
  if (!value.empty()) SetString(t, "value", value, a);
  SetString(t, "effect", effect, a);
  spec["taints"].PushBack(t, a);
  return *this;
}

NodeBuilder& NodeBuilder::Unschedulable() {
  SetMember(doc_["spec"], "unschedulable", JsonValue(true), doc_.GetAllocator());
  return *this;
}

NodeBuilder& NodeBuilder::Ready() {
  auto& a = doc_.GetAllocator();
  Json conds =
      std::move(*ParseJson(R"([{"type":"Ready","status":"True","reason":"KubeletReady"}])"));
  SetMember(doc_["status"], "conditions", JsonValue(conds, a), a);
  return *this;
}

}  // namespace ekslite::scheduler::testing
