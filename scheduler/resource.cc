#include "scheduler/resource.h"

#include <algorithm>

#include "scheduler/quantity.h"

namespace ekslite::scheduler {

void Resource::Add(const Resource& other) {
  milli_cpu += other.milli_cpu;
  memory += other.memory;
  ephemeral_storage += other.ephemeral_storage;
  pods += other.pods;
  for (const auto& [name, value] : other.scalar) scalar[name] += value;
}

void Resource::Subtract(const Resource& other) {
  milli_cpu -= other.milli_cpu;
  memory -= other.memory;
  ephemeral_storage -= other.ephemeral_storage;
  pods -= other.pods;
  for (const auto& [name, value] : other.scalar) scalar[name] -= value;
}

void Resource::SetMax(const Resource& other) {
  milli_cpu = std::max(milli_cpu, other.milli_cpu);
  memory = std::max(memory, other.memory);
  ephemeral_storage = std::max(ephemeral_storage, other.ephemeral_storage);
  pods = std::max(pods, other.pods);
  for (const auto& [name, value] : other.scalar) {
    int64_t& mine = scalar[name];
    mine = std::max(mine, value);
  }
}

bool Resource::IsZero() const {
  if (milli_cpu != 0 || memory != 0 || ephemeral_storage != 0) return false;
  for (const auto& [name, value] : scalar) {
    if (value != 0) return false;
  }
  return true;
}

int64_t Resource::Scalar(std::string_view name) const {
  auto it = scalar.find(name);
  return it == scalar.end() ? 0 : it->second;
}

Resource ResourceFromList(const JsonValue* list) {
  Resource r;
  if (list == nullptr || !list->IsObject()) return r;
  for (auto it = list->MemberBegin(); it != list->MemberEnd(); ++it) {
    std::string_view name = View(it->name);
    if (name == "cpu") {
      r.milli_cpu = MilliValue(&it->value);
    } else if (name == "memory") {
      r.memory = Value(&it->value);
    } else if (name == "ephemeral-storage") {
      r.ephemeral_storage = Value(&it->value);
    } else if (name == "pods") {
      r.pods = Value(&it->value);
    } else if (name == "storage") {
      // Not a node resource.
    } else {
      r.scalar[std::string(name)] = Value(&it->value);
    }
  }
  return r;
}

}  // namespace ekslite::scheduler
