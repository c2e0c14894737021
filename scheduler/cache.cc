#include "scheduler/cache.h"

#include <algorithm>

namespace ekslite::scheduler {

NodeInfo& SchedulerCache::NodeLocked(const std::string& name) {
  std::unique_ptr<NodeInfo>& n = nodes_[name];
  if (n == nullptr) n = std::make_unique<NodeInfo>(name);
  return *n;
}

void SchedulerCache::AddOrUpdateNode(client::ObjectPtr node) {
  std::string name(StringAt(*node, "metadata.name"));
  std::lock_guard<std::mutex> lock(mu_);
  NodeInfo& info = NodeLocked(name);
  if (!info.HasNode()) node_list_.push_back(&info);
  info.SetNode(std::move(node));
}

void SchedulerCache::RemoveNode(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return;
  NodeInfo* info = it->second.get();
  node_list_.erase(std::remove(node_list_.begin(), node_list_.end(), info), node_list_.end());
  info->SetNode(nullptr);
  MaybeDropNodeLocked(name);
}

void SchedulerCache::MaybeDropNodeLocked(const std::string& name) {
  auto it = nodes_.find(name);
  if (it != nodes_.end() && !it->second->HasNode() && it->second->pods().empty()) {
    nodes_.erase(it);
  }
}

void SchedulerCache::RemovePodLocked(const std::string& key) {
  auto it = pod_node_.find(key);
  if (it == pod_node_.end()) return;
  std::string node = it->second;
  pod_node_.erase(it);
  assumed_.erase(key);
  auto n = nodes_.find(node);
  if (n == nodes_.end()) return;
  n->second->RemovePod(key);
  MaybeDropNodeLocked(node);
}

void SchedulerCache::AddOrUpdatePod(PodInfoPtr pod) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(pod->key);
  if (pod->terminal || pod->node_name.empty()) return;
  pod_node_[pod->key] = pod->node_name;
  NodeLocked(pod->node_name).AddPod(std::move(pod));
}

void SchedulerCache::RemovePod(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(key);
}

void SchedulerCache::AssumePod(PodInfoPtr pod, const std::string& node) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(pod->key);
  pod_node_[pod->key] = node;
  assumed_.insert(pod->key);
  NodeLocked(node).AddPod(std::move(pod));
}

void SchedulerCache::ForgetPod(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (assumed_.count(key) > 0) RemovePodLocked(key);
}

bool SchedulerCache::IsAssumed(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  return assumed_.count(key) > 0;
}

void SchedulerCache::SetNamespace(const std::string& name, Labels labels) {
  std::lock_guard<std::mutex> lock(mu_);
  namespaces_[name] = std::move(labels);
}

void SchedulerCache::RemoveNamespace(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  namespaces_.erase(name);
}

size_t SchedulerCache::NodeCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return node_list_.size();
}

size_t SchedulerCache::PodCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return pod_node_.size();
}

const NodeInfo* SchedulerCache::Node(const std::string& name) const {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : it->second.get();
}

NodeInfo* SchedulerCache::MutableNode(const std::string& name) {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : it->second.get();
}

const Labels* SchedulerCache::NamespaceLabels(const std::string& ns) const {
  auto it = namespaces_.find(ns);
  return it == namespaces_.end() ? nullptr : &it->second;
}

}  // namespace ekslite::scheduler
