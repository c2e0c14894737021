#include "core/client/indexer.h"

#include "core/api/object_meta.h"

namespace ekslite::client {

IndexFunc NamespaceIndexFunc() {
  return [](const JsonValue& object) {
    std::string_view ns = api::GetNamespace(object);
    return ns.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(ns)};
  };
}

IndexFunc FieldIndexFunc(std::string path) {
  return [path = std::move(path)](const JsonValue& object) {
    std::string_view v = StringAt(object, path);
    return v.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(v)};
  };
}

Status Indexer::AddIndexers(const Indexers& indexers) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, fn] : indexers) {
    if (indexes_.count(name) > 0) {
      return Status::AlreadyExists("index \"" + name + "\" already exists");
    }
  }
  for (const auto& [name, fn] : indexers) {
    Index& index = indexes_[name];
    index.fn = fn;
    for (const auto& [key, object] : objects_) IndexLocked(index, key, *object);
  }
  return Status::Ok();
}

void Indexer::IndexLocked(Index& index, std::string_view key, const JsonValue& object) {
  for (std::string& value : index.fn(object)) index.values[std::move(value)].insert(key);
}

void Indexer::UnindexLocked(Index& index, std::string_view key, const JsonValue& object) {
  for (const std::string& value : index.fn(object)) {
    auto it = index.values.find(value);
    if (it == index.values.end()) continue;
    it->second.erase(key);
    if (it->second.empty()) index.values.erase(it);
  }
}

ObjectPtr Indexer::Get(std::string_view key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : it->second;
}

std::vector<ObjectPtr> Indexer::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ObjectPtr> out;
  out.reserve(objects_.size());
  for (const auto& [key, object] : objects_) out.push_back(object);
  return out;
}

std::vector<std::string> Indexer::ListKeys() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  out.reserve(objects_.size());
  for (const auto& [key, object] : objects_) out.push_back(key);
  return out;
}

size_t Indexer::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return objects_.size();
}

StatusOr<std::vector<std::string>> Indexer::IndexKeys(std::string_view index,
                                                      std::string_view value) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return Status::NotFound("no index \"" + std::string(index) + "\"");
  std::vector<std::string> out;
  auto it = idx->second.values.find(value);
  if (it != idx->second.values.end()) {
    for (std::string_view key : it->second) out.emplace_back(key);
  }
  return out;
}

StatusOr<std::vector<ObjectPtr>> Indexer::ByIndex(std::string_view index,
                                                  std::string_view value) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return Status::NotFound("no index \"" + std::string(index) + "\"");
  std::vector<ObjectPtr> out;
  auto it = idx->second.values.find(value);
  if (it == idx->second.values.end()) return out;
  out.reserve(it->second.size());
  for (std::string_view key : it->second) {
    auto obj = objects_.find(key);
    if (obj != objects_.end()) out.push_back(obj->second);
  }
  return out;
}

StatusOr<std::vector<std::string>> Indexer::IndexValues(std::string_view index) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return Status::NotFound("no index \"" + std::string(index) + "\"");
  std::vector<std::string> out;
  out.reserve(idx->second.values.size());
  for (const auto& [value, keys] : idx->second.values) out.push_back(value);
  return out;
}

ObjectPtr Indexer::Upsert(const std::string& key, ObjectPtr object) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = objects_.try_emplace(key, nullptr);
  ObjectPtr old = std::move(it->second);
  // The indexes view the key owned by the map node, which stays put.
  std::string_view stored_key = it->first;
  for (auto& [name, index] : indexes_) {
    if (old) UnindexLocked(index, stored_key, *old);
    IndexLocked(index, stored_key, *object);
  }
  it->second = std::move(object);
  return old;
}

ObjectPtr Indexer::Remove(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return nullptr;
  ObjectPtr old = std::move(it->second);
  for (auto& [name, index] : indexes_) UnindexLocked(index, it->first, *old);
  objects_.erase(it);
  return old;
}

}  // namespace ekslite::client
