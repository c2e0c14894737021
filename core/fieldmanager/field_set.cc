#include "core/fieldmanager/field_set.h"

#include <algorithm>

#include "core/api/go_format.h"

namespace ekslite::fieldmanager {
namespace {

constexpr std::string_view kMember = ".";

bool IsPathElement(std::string_view key) {
  return key.size() >= 2 && key[1] == ':' &&
         (key[0] == 'f' || key[0] == 'k' || key[0] == 'v' || key[0] == 'i');
}

}  // namespace

bool FieldSet::Empty() const {
  if (member_) return false;
  for (const auto& [pe, child] : children_) {
    if (!child.Empty()) return false;
  }
  return true;
}

void FieldSet::Insert(const Path& path) {
  FieldSet* node = this;
  for (const std::string& pe : path) node = &node->MutableChild(pe);
  node->member_ = true;
}

void FieldSet::Insert(std::initializer_list<std::string_view> path) {
  FieldSet* node = this;
  for (std::string_view pe : path) node = &node->MutableChild(pe);
  node->member_ = true;
}

bool FieldSet::Has(const Path& path) const {
  const FieldSet* node = this;
  for (const std::string& pe : path) {
    node = node->Child(pe);
    if (node == nullptr) return false;
  }
  return node->member_;
}

const FieldSet* FieldSet::Child(std::string_view pe) const {
  auto it = children_.find(pe);
  return it == children_.end() ? nullptr : &it->second;
}

FieldSet& FieldSet::MutableChild(std::string_view pe) {
  auto it = children_.find(pe);
  if (it != children_.end()) return it->second;
  return children_.emplace(std::string(pe), FieldSet()).first->second;
}

void FieldSet::Prune() {
  for (auto it = children_.begin(); it != children_.end();) {
    it->second.Prune();
    it = it->second.Empty() ? children_.erase(it) : std::next(it);
  }
}

void FieldSet::Union(const FieldSet& other) {
  member_ = member_ || other.member_;
  for (const auto& [pe, child] : other.children_) MutableChild(pe).Union(child);
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  out.member_ = member_ && !other.member_;
  for (const auto& [pe, child] : children_) {
    const FieldSet* o = other.Child(pe);
    FieldSet diff = o == nullptr ? child : child.Difference(*o);
    if (!diff.Empty()) out.children_.emplace(pe, std::move(diff));
  }
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  out.member_ = member_ && other.member_;
  for (const auto& [pe, child] : children_) {
    const FieldSet* o = other.Child(pe);
    if (o == nullptr) continue;
    FieldSet both = child.Intersection(*o);
    if (!both.Empty()) out.children_.emplace(pe, std::move(both));
  }
  return out;
}

FieldSet FieldSet::RecursiveDifference(const FieldSet& other) const {
  if (other.member_) return FieldSet();
  FieldSet out;
  out.member_ = member_;
  for (const auto& [pe, child] : children_) {
    const FieldSet* o = other.Child(pe);
    FieldSet rest = o == nullptr ? child : child.RecursiveDifference(*o);
    if (!rest.Empty()) out.children_.emplace(pe, std::move(rest));
  }
  return out;
}

bool FieldSet::SubsetOf(const FieldSet& other) const {
  if (member_ && !other.member_) return false;
  for (const auto& [pe, child] : children_) {
    const FieldSet* o = other.Child(pe);
    if (o == nullptr ? !child.Empty() : !child.SubsetOf(*o)) return false;
  }
  return true;
}

bool FieldSet::operator==(const FieldSet& other) const {
  if (member_ != other.member_) return false;
  FieldSet a = *this, b = other;
  a.Prune();
  b.Prune();
  if (a.children_.size() != b.children_.size()) return false;
  for (const auto& [pe, child] : a.children_) {
    const FieldSet* o = b.Child(pe);
    if (o == nullptr || !(child == *o)) return false;
  }
  return true;
}

void FieldSet::ForEach(const std::function<void(const Path&)>& fn) const {
  Path prefix;
  ForEachFrom(prefix, fn);
}

void FieldSet::ForEachFrom(Path& prefix, const std::function<void(const Path&)>& fn) const {
  if (member_) fn(prefix);
  for (const auto& [pe, child] : children_) {
    prefix.push_back(pe);
    child.ForEachFrom(prefix, fn);
    prefix.pop_back();
  }
}

StatusOr<FieldSet> FieldSet::FromFieldsV1(const JsonValue& fields) {
  if (!fields.IsObject()) return Status::BadRequest("FieldsV1 must be a JSON object");
  FieldSet out;
  for (const auto& m : fields.GetObject()) {
    std::string_view key = View(m.name);
    if (key == kMember) {
      out.member_ = true;
      continue;
    }
    if (!IsPathElement(key)) {
      return Status::BadRequest("unknown path element in FieldsV1: " + std::string(key));
    }
    EKS_ASSIGN_OR_RETURN(FieldSet child, FromFieldsV1(m.value));
    if (m.value.ObjectEmpty()) child.member_ = true;
    if (!child.Empty()) out.MutableChild(key).Union(child);
  }
  return out;
}

JsonValue FieldSet::ToFieldsV1(JsonAllocator& a) const {
  JsonValue out(rapidjson::kObjectType);
  bool has_children = false;
  for (const auto& [pe, child] : children_) has_children = has_children || !child.Empty();
  if (member_ && has_children) out.AddMember(JsonValue("."), JsonValue(rapidjson::kObjectType), a);
  for (const auto& [pe, child] : children_) {
    if (child.Empty()) continue;
    out.AddMember(MakeString(pe, a), child.ToFieldsV1(a), a);
  }
  return out;
}

std::string FieldElement(std::string_view name) { return "f:" + std::string(name); }

std::string ValueElement(const JsonValue& value) { return "v:" + ToJsonString(value); }

std::string IndexElement(size_t index) { return "i:" + std::to_string(index); }

std::string KeyElement(const std::vector<std::pair<std::string_view, const JsonValue*>>& keys) {
  auto sorted = keys;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string out = "k:{";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(sorted[i].first, &out);
    out.push_back(':');
    AppendJson(*sorted[i].second, &out);
  }
  out.push_back('}');
  return out;
}

namespace {

// A key or set value as upstream prints it in paths (Go's %q for strings,
// %v otherwise).
void AppendPathValue(const JsonValue& v, std::string* out) {
  if (v.IsString()) {
    out->append(api::GoQuote(View(v)));
  } else {
    AppendJson(v, out);
  }
}

}  // namespace

std::string PathString(const Path& path) {
  std::string out;
  for (const std::string& pe : path) {
    std::string_view rest = std::string_view(pe).substr(std::min<size_t>(2, pe.size()));
    switch (pe.empty() ? ' ' : pe[0]) {
      case 'f':
        out.append(".").append(rest);
        break;
      case 'v': {
        auto value = ParseJson(rest);
        out.append("[=");
        if (value.ok()) {
          AppendPathValue(*value, &out);
        } else {
          out.append(rest);
        }
        out.push_back(']');
        break;
      }
      case 'i':
        out.append("[").append(rest).append("]");
        break;
      case 'k': {
        auto keys = ParseJson(rest);
        out.push_back('[');
        if (keys.ok() && keys->IsObject()) {
          bool first = true;
          for (const auto& m : keys->GetObject()) {
            if (!first) out.push_back(',');
            first = false;
            out.append(View(m.name)).push_back('=');
            AppendPathValue(m.value, &out);
          }
        }
        out.push_back(']');
        break;
      }
      default:
        out.append(pe);
    }
  }
  return out;
}

}  // namespace ekslite::fieldmanager
