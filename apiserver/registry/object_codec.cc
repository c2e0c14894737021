#include "apiserver/registry/object_codec.h"

#include <array>

namespace ekslite::apiserver {
namespace {

// Upstream's ObjectMeta field order; resourceVersion is spliced in after uid.
constexpr std::array<std::string_view, 14> kMetadataOrder = {"name",
                                                             "generateName",
                                                             "namespace",
                                                             "selfLink",
                                                             "uid",
                                                             "generation",
                                                             "creationTimestamp",
                                                             "deletionTimestamp",
                                                             "deletionGracePeriodSeconds",
                                                             "labels",
                                                             "annotations",
                                                             "ownerReferences",
                                                             "finalizers",
                                                             "managedFields"};

// Moves the members named in `order` to the front of `object`, in that order.
void Reorder(JsonValue& object, const std::string_view* order, size_t n, JsonAllocator& a) {
  JsonValue sorted(rapidjson::kObjectType);
  for (size_t i = 0; i < n; ++i) {
    JsonValue* v = Member(object, order[i]);
    if (v != nullptr) sorted.AddMember(MakeString(order[i], a), std::move(*v), a);
  }
  for (auto& m : object.GetObject()) {
    bool placed = false;
    for (size_t i = 0; i < n && !placed; ++i) placed = View(m.name) == order[i];
    if (!placed) sorted.AddMember(std::move(m.name), std::move(m.value), a);
  }
  object = std::move(sorted);
}

}  // namespace

std::string EncodeForStorage(Json& object) {
  JsonAllocator& a = object.GetAllocator();
  if (JsonValue* meta = Member(object, "metadata"); meta != nullptr && meta->IsObject()) {
    RemoveMember(*meta, "resourceVersion");
    Reorder(*meta, kMetadataOrder.data(), kMetadataOrder.size(), a);
  }
  static constexpr std::array<std::string_view, 3> kTop = {"kind", "apiVersion", "metadata"};
  Reorder(object, kTop.data(), kTop.size(), a);
  return ToJsonString(object);
}

std::string WithResourceVersion(std::string_view stored, int64_t revision) {
  std::string rv = "\"resourceVersion\":\"" + std::to_string(revision) + "\"";
  size_t meta = stored.find("\"metadata\":{");
  if (meta == std::string_view::npos) return std::string(stored);
  size_t open = meta + 12;  // just past '{'
  // After uid when present: every member before it (name, generateName,
  // namespace, selfLink, uid) is a plain string, so the first `"uid":"` after
  // the metadata's start is the uid member.
  size_t uid = stored.find("\"uid\":\"", open);
  // ... and it comes before any nested object or array (labels, annotations).
  if (uid > stored.find_first_of("{[", open)) uid = std::string_view::npos;
  std::string out;
  out.reserve(stored.size() + rv.size() + 1);
  if (uid != std::string_view::npos) {
    size_t end = stored.find('"', uid + 7);
    if (end != std::string_view::npos) {
      out.append(stored.substr(0, end + 1)).append(",").append(rv).append(stored.substr(end + 1));
      return out;
    }
  }
  out.append(stored.substr(0, open)).append(rv);
  if (open < stored.size() && stored[open] != '}') out.append(",");
  out.append(stored.substr(open));
  return out;
}

}  // namespace ekslite::apiserver
