#include "apiserver/authz/rbac_index.h"

#include <algorithm>

#include "core/log.h"

namespace ekslite::apiserver {
namespace {

// Events a watcher may queue between two requests before the index re-lists.
constexpr size_t kQueueCapacity = 100000;

std::map<std::string, std::string> Labels(const JsonValue& object) {
  std::map<std::string, std::string> out;
  const JsonValue* labels = Path(object, "metadata.labels");
  if (labels == nullptr || !labels->IsObject()) return out;
  for (const auto& m : labels->GetObject()) {
    if (m.value.IsString()) out.emplace(View(m.name), View(m.value));
  }
  return out;
}

void ReadAggregation(const JsonValue& object, RbacRole* role) {
  const JsonValue* rule = Member(object, "aggregationRule");
  if (rule == nullptr || !rule->IsObject()) return;
  role->aggregated = true;
  const JsonValue* selectors = Member(*rule, "clusterRoleSelectors");
  if (selectors == nullptr || !selectors->IsArray()) return;
  for (const JsonValue& s : selectors->GetArray()) {
    auto selector = api::LabelSelectorFromJson(&s);
    role->selectors.push_back(selector.ok() ? *selector : api::LabelSelector::Nothing());
  }
}

template <typename T>
bool ByName(const std::shared_ptr<const T>& a, const std::shared_ptr<const T>& b) {
  return a->name < b->name;
}

}  // namespace

RbacRole ParseRbacRole(const JsonValue& object) {
  RbacRole role;
  role.namespace_ = StringAt(object, "metadata.namespace");
  role.name = StringAt(object, "metadata.name");
  role.labels = Labels(object);
  role.rules = PolicyRulesFromJson(Member(object, "rules"));
  ReadAggregation(object, &role);
  return role;
}

RbacBinding ParseRbacBinding(const JsonValue& object) {
  RbacBinding binding;
  binding.namespace_ = StringAt(object, "metadata.namespace");
  binding.name = StringAt(object, "metadata.name");
  binding.role_kind = StringAt(object, "roleRef.kind");
  binding.role_name = StringAt(object, "roleRef.name");
  const JsonValue* subjects = Member(object, "subjects");
  if (subjects != nullptr && subjects->IsArray()) {
    for (const JsonValue& s : subjects->GetArray()) {
      binding.subjects.push_back({std::string(StringAt(s, "kind")),
                                  std::string(StringAt(s, "apiGroup")),
                                  std::string(StringAt(s, "name")),
                                  std::string(StringAt(s, "namespace"))});
    }
  }
  return binding;
}

const RbacRole* RbacSnapshot::ClusterRole(const std::string& name) const {
  auto it = cluster_roles.find(name);
  return it == cluster_roles.end() ? nullptr : it->second.get();
}

const RbacRole* RbacSnapshot::Role(const std::string& ns, const std::string& name) const {
  auto it = roles.find(ns + "/" + name);
  return it == roles.end() ? nullptr : it->second.get();
}

RbacIndex::RbacIndex(WatchCache& cache)
    : cache_(cache),
      signals_(std::make_shared<std::atomic<uint64_t>>(0)),
      snapshot_(std::make_shared<RbacSnapshot>()) {
  std::string base = std::string("/") + kRbacGroup + "/";
  sources_.push_back({Kind::kClusterRole, base + "clusterroles/", nullptr, nullptr, {}, {}});
  sources_.push_back({Kind::kRole, base + "roles/", nullptr, nullptr, {}, {}});
  sources_.push_back(
      {Kind::kClusterRoleBinding, base + "clusterrolebindings/", nullptr, nullptr, {}, {}});
  sources_.push_back({Kind::kRoleBinding, base + "rolebindings/", nullptr, nullptr, {}, {}});
}

RbacIndex::~RbacIndex() {
  std::lock_guard<std::mutex> lock(mu_);
  for (Source& s : sources_) {
    if (s.watcher) s.watcher->Close();
  }
}

Status RbacIndex::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  for (Source& s : sources_) {
    s.cache = cache_.Find(s.prefix);
    if (s.cache == nullptr) return Status::Internal("no watch cache for " + s.prefix);
    EKS_RETURN_IF_ERROR(Watch(s));
    Drain(s);
  }
  Publish();
  return Status::Ok();
}

Status RbacIndex::Watch(Source& source) {
  if (source.watcher) source.watcher->Close();
  source.roles.clear();
  source.bindings.clear();
  // Initial events: the current objects, then every later change.
  EKS_ASSIGN_OR_RETURN(source.watcher,
                       source.cache->Watch(source.prefix, 0, true, nullptr, kQueueCapacity));
  return Status::Ok();
}

std::shared_ptr<const RbacSnapshot> RbacIndex::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t signals = signals_->load();
  if (signals != drained_) {
    drained_ = signals;
    for (Source& s : sources_) Drain(s);
    Publish();
  }
  return snapshot_;
}

void RbacIndex::Drain(Source& source) {
  if (source.watcher == nullptr) return;
  std::vector<CacheEvent> events;
  bool open = source.watcher->Take(&events);
  for (const CacheEvent& e : events) Apply(source, e);
  if (!open) {
    // The queue overflowed (or the cache stopped): start over from a list.
    Logger("authz")->warn("RBAC index lost its watch on {}; reloading", source.prefix);
    if (Status st = Watch(source); !st.ok()) {
      Logger("authz")->error("cannot re-watch {}: {}", source.prefix, st.ToString());
      return;
    }
    events.clear();
    source.watcher->Take(&events);
    for (const CacheEvent& e : events) Apply(source, e);
  }
  std::weak_ptr<std::atomic<uint64_t>> signals = signals_;
  source.watcher->OnReady([signals] {
    if (auto s = signals.lock()) s->fetch_add(1);
  });
}

void RbacIndex::Apply(Source& source, const CacheEvent& event) {
  if (event.object == nullptr) return;
  const std::string& key = event.object->key;
  bool roles = source.kind == Kind::kClusterRole || source.kind == Kind::kRole;
  if (event.type == CacheEvent::Type::kDeleted) {
    source.roles.erase(key);
    source.bindings.erase(key);
    return;
  }
  if (event.type == CacheEvent::Type::kBookmark) return;
  auto doc = ParseJson(event.object->json);
  if (!doc.ok()) return;
  if (roles) {
    source.roles[key] = std::make_shared<const RbacRole>(ParseRbacRole(*doc));
  } else {
    source.bindings[key] = std::make_shared<const RbacBinding>(ParseRbacBinding(*doc));
  }
}

void RbacIndex::Publish() {
  auto snap = std::make_shared<RbacSnapshot>();
  for (const Source& s : sources_) {
    switch (s.kind) {
      case Kind::kClusterRole:
        for (const auto& [key, role] : s.roles) snap->cluster_roles[role->name] = role;
        break;
      case Kind::kRole:
        for (const auto& [key, role] : s.roles) {
          snap->roles[role->namespace_ + "/" + role->name] = role;
        }
        break;
      case Kind::kClusterRoleBinding:
        for (const auto& [key, b] : s.bindings) snap->cluster_role_bindings.push_back(b);
        std::sort(snap->cluster_role_bindings.begin(), snap->cluster_role_bindings.end(),
                  ByName<RbacBinding>);
        break;
      case Kind::kRoleBinding:
        for (const auto& [key, b] : s.bindings) snap->role_bindings[b->namespace_].push_back(b);
        for (auto& [ns, list] : snap->role_bindings) {
          std::sort(list.begin(), list.end(), ByName<RbacBinding>);
        }
        break;
    }
  }
  snapshot_ = std::move(snap);
}

}  // namespace ekslite::apiserver
