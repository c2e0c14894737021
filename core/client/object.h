// ObjectPtr: an API object as clients keep it — parsed once, immutable, and
// shared by every holder (the informer's store, each event handler, a work
// item) without copies. Its memory is one block sized to fit, so 50,000 pods
// cost what their JSON trees need and little more.
#ifndef EKSLITE_CORE_CLIENT_OBJECT_H_
#define EKSLITE_CORE_CLIENT_OBJECT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::client {

using ObjectPtr = std::shared_ptr<const JsonValue>;

// Changes an object before it is frozen, e.g. to drop fields a component
// never reads (DropManagedFields). `allocator` owns the object's memory.
using ObjectTransform = std::function<void(JsonValue& object, JsonAllocator& allocator)>;

// A frozen deep copy of `value`.
ObjectPtr FreezeObject(const JsonValue& value);
// Parses `text` and freezes it. kBadRequest when it is not JSON.
StatusOr<ObjectPtr> ParseObject(std::string_view text);
// A mutable deep copy, to change an object and write it back.
Json CopyObject(const JsonValue& object);

// A transform that removes metadata.managedFields, which no controller reads
// and which is often the largest part of a small object.
ObjectTransform DropManagedFields();

// The store key of an object: "namespace/name", or "name" for cluster-scoped
// objects (client-go's MetaNamespaceKeyFunc).
std::string ObjectKey(const JsonValue& object);
std::string ObjectKey(std::string_view ns, std::string_view name);
// The namespace ("" for cluster-scoped) and name in a key.
std::pair<std::string_view, std::string_view> SplitObjectKey(std::string_view key);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_OBJECT_H_
