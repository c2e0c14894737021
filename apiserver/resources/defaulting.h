// Small helpers for strategies that default fields the way upstream's
// defaulters do: a member is set only when the client left it out (or, for
// strings, left it empty, since Go cannot tell "" from unset).
#ifndef EKSLITE_APISERVER_RESOURCES_DEFAULTING_H_
#define EKSLITE_APISERVER_RESOURCES_DEFAULTING_H_

#include <functional>
#include <string>
#include <string_view>

#include "apiserver/resources/resource.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Sets `name` to `value` when absent or "".
void DefaultString(JsonValue& obj, std::string_view name, std::string_view value, JsonAllocator& a);
// Sets `name` when absent (a JSON null counts as absent).
void DefaultInt(JsonValue& obj, std::string_view name, int64_t value, JsonAllocator& a);
void DefaultBool(JsonValue& obj, std::string_view name, bool value, JsonAllocator& a);
// Sets `name` to the JSON `json` (a constant written by the caller) when
// absent. `json` must parse.
void DefaultJson(JsonValue& obj, std::string_view name, std::string_view json, JsonAllocator& a);

// An empty JSON object, for reading absent members as `{}`.
const JsonValue& EmptyJsonObject();
// The object member `name` of `obj`, or EmptyJsonObject().
const JsonValue& ObjectAt(const JsonValue& obj, std::string_view name);

// True when `name` is absent or null.
bool Unset(const JsonValue& obj, std::string_view name);
// The boolean at `dotted`, or `fallback`.
bool BoolAt(const JsonValue& obj, std::string_view dotted, bool fallback = false);
// The number of members (object) or items (array) at `dotted`; 0 otherwise.
size_t SizeAt(const JsonValue& obj, std::string_view dotted);

// Replaces the status of a new object with `json` (upstream's strategies
// reset the status on create; Go then serialises the fields that are not
// omitempty, e.g. {"replicas":0}).
void ResetStatus(Json& object, std::string_view json);

// The Strategy of a resource whose rules are defaults and validation:
// `defaults` runs on every create and update (upstream defaults every decoded
// object), the status is reset to `initial_status` on create ("" keeps
// none), and `validate` checks the result (`old` is null on create).
using Defaulter = std::function<void(Json& object)>;
using Validator = std::function<Status(const JsonValue& object, const JsonValue* old)>;
Strategy DefaultingStrategy(Defaulter defaults, std::string initial_status, Validator validate);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_DEFAULTING_H_
