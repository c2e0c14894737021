// Pods and nodes for scheduler tests, built as the JSON the apiserver would
// serve, then read the way the scheduler reads them.
#ifndef EKSLITE_TESTS_SCHEDULER_TEST_OBJECTS_H_
#define EKSLITE_TESTS_SCHEDULER_TEST_OBJECTS_H_

#include <string>

#include "core/client/object.h"
#include "core/json.h"
#include "scheduler/pod_info.h"

namespace ekslite::scheduler::testing {

class PodBuilder {
 public:
  explicit PodBuilder(const std::string& name, const std::string& ns = "default");
  PodBuilder(const PodBuilder& other) { doc_.CopyFrom(other.doc_, doc_.GetAllocator()); }
  // One container requesting these ("" = unset).
  PodBuilder& Requests(const std::string& cpu, const std::string& memory = "");
  PodBuilder& Label(const std::string& key, const std::string& value);
  PodBuilder& Node(const std::string& node);
  PodBuilder& Priority(int64_t priority);
  // Sets spec.<field> to the JSON `value_json`.
  PodBuilder& Spec(const std::string& field, const std::string& value_json);
  PodBuilder& StartTime(const std::string& rfc3339);

  Json& doc() { return doc_; }
  client::ObjectPtr Object() const { return client::FreezeObject(doc_); }
  PodInfoPtr Info() const { return NewPodInfo(Object()); }

 private:
  Json doc_;
};

class NodeBuilder {
 public:
  // A node with this much allocatable cpu and memory and 110 pods.
  NodeBuilder(const std::string& name, const std::string& cpu = "4",
              const std::string& memory = "8Gi", int pods = 110);
  NodeBuilder(const NodeBuilder& other) { doc_.CopyFrom(other.doc_, doc_.GetAllocator()); }
  NodeBuilder& Label(const std::string& key, const std::string& value);
  NodeBuilder& Taint(const std::string& key, const std::string& value, const std::string& effect);
  NodeBuilder& Unschedulable();
  NodeBuilder& Ready();

  Json& doc() { return doc_; }
  client::ObjectPtr Object() const { return client::FreezeObject(doc_); }

 private:
  Json doc_;
};

}  // namespace ekslite::scheduler::testing

#endif  // EKSLITE_TESTS_SCHEDULER_TEST_OBJECTS_H_
