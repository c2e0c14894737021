// events.k8s.io/v1 Events: served from the core/v1 events storage, converted
// field by field (regarding is involvedObject, note is message, ...).
#include "apiserver/resources/builtin.h"
#include "apiserver/table/core_v1_printers.h"

namespace ekslite::apiserver {
namespace {

// Pairs of (core/v1 field, events.k8s.io/v1 field) that only change names.
constexpr std::pair<const char*, const char*> kRenamed[] = {
    {"involvedObject", "regarding"},
    {"message", "note"},
    {"reportingComponent", "reportingController"},
    {"source", "deprecatedSource"},
    {"firstTimestamp", "deprecatedFirstTimestamp"},
    {"lastTimestamp", "deprecatedLastTimestamp"},
    {"count", "deprecatedCount"},
};

// Copies `object` with member names mapped by `rename` and the apiVersion set.
Json Rename(const JsonValue& object, bool to_events_v1) {
  Json out(rapidjson::kObjectType);
  JsonAllocator& a = out.GetAllocator();
  for (const auto& m : object.GetObject()) {
    std::string_view name = View(m.name);
    for (const auto& [core, v1] : kRenamed) {
      if (to_events_v1 ? name == core : name == v1) {
        name = to_events_v1 ? v1 : core;
        break;
      }
    }
    out.AddMember(MakeString(name, a), JsonValue(m.value, a), a);
  }
  SetString(out, "apiVersion", to_events_v1 ? "events.k8s.io/v1" : "v1", a);
  if (!to_events_v1 && Member(out, "reportingComponent") != nullptr &&
      Member(out, "source") == nullptr) {
    JsonValue source(rapidjson::kObjectType);
    SetString(source, "component", StringAt(out, "reportingComponent"), a);
    SetMember(out, "source", std::move(source), a);
  }
  return out;
}

}  // namespace

void RegisterEventsV1(ResourceTable& table) {
  ResourceInfo ev = NewResource("events.k8s.io", "v1", "events", "event", "Event", true);
  ev.short_names = {"ev"};
  ev.storage_group = "";
  ev.storage_resource = "events";
  ev.storage_version = "v1";
  ev.from_storage = [](const JsonValue& o) { return Rename(o, true); };
  ev.to_storage = [](const JsonValue& o) { return Rename(o, false); };
  UseEventTable(ev);
  table.Add(std::move(ev));
}

}  // namespace ekslite::apiserver
