#include "apiserver/handlers/output.h"

#include "apiserver/response.h"

namespace ekslite::apiserver {
namespace {

struct MediaRange {
  std::string type;  // "application/json"
  std::string as, g, v;
};

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

std::vector<MediaRange> ParseAccept(std::string_view accept) {
  std::vector<MediaRange> out;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    std::string_view one =
        accept.substr(start, comma == std::string_view::npos ? accept.npos : comma - start);
    MediaRange m;
    size_t semi = one.find(';');
    m.type = Trim(one.substr(0, semi));
    while (semi != std::string_view::npos) {
      size_t next = one.find(';', semi + 1);
      std::string param =
          Trim(one.substr(semi + 1, next == std::string_view::npos ? one.npos : next - semi - 1));
      size_t eq = param.find('=');
      std::string key = param.substr(0, eq);
      std::string value = eq == std::string::npos ? "" : param.substr(eq + 1);
      if (key == "as") m.as = value;
      if (key == "g") m.g = value;
      if (key == "v") m.v = value;
      semi = next;
    }
    if (!m.type.empty()) out.push_back(std::move(m));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool IsJsonLike(const std::string& type) {
  return type == "application/json" || type == "*/*" || type == "application/*" || type.empty();
}

// Wraps `stored`'s metadata as a PartialObjectMetadata.
std::string PartialMetadata(std::string_view served) {
  auto doc = ParseJson(served);
  std::string out = R"({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":)";
  const JsonValue* meta = doc.ok() ? Member(*doc, "metadata") : nullptr;
  if (meta != nullptr) {
    AppendJson(*meta, &out);
  } else {
    out += "{}";
  }
  return out + "}";
}

}  // namespace

StatusOr<Output> NegotiateOutput(const RequestScope& scope) {
  Output out;
  std::string include = scope.info.query.GetOr("includeObject", "");
  if (include == "Object") out.include = IncludeObject::kObject;
  if (include == "None") out.include = IncludeObject::kNone;
  std::string_view accept = http::Header(scope.request, http::Field::accept);
  if (accept.empty()) return out;
  for (const MediaRange& m : ParseAccept(accept)) {
    if (!IsJsonLike(m.type)) continue;
    if (m.as.empty()) return out;
    if (m.g != "meta.k8s.io" || (m.v != "v1" && m.v != "v1beta1")) continue;
    if (m.as == "Table") {
      out.kind = OutputKind::kTable;
      return out;
    }
    if (m.as == "PartialObjectMetadata" || m.as == "PartialObjectMetadataList") {
      out.kind = OutputKind::kPartialMetadata;
      return out;
    }
  }
  return Status::NotAcceptable(
      "only the following media types are accepted: application/json, "
      "application/json;as=Table;v=v1;g=meta.k8s.io, "
      "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");
}

std::string Served(const RequestScope& scope, std::string_view stored) {
  if (!scope.resource.from_storage) return std::string(stored);
  auto doc = ParseJson(stored);
  if (!doc.ok()) return std::string(stored);
  Json converted = scope.resource.from_storage(*doc);
  return ToJsonString(converted);
}

const ResourceInfo& StoredResource(const RequestScope& scope) {
  return scope.registry.table()->StorageVersionOf(scope.resource);
}

Json ToStored(const RequestScope& scope, Json served) {
  if (!scope.resource.to_storage || !served.IsObject()) return served;
  // A body without type meta is taken to be of the served kind.
  if (StringAt(served, "apiVersion").empty()) {
    SetString(served, "apiVersion", scope.resource.ApiVersion(), served.GetAllocator());
  }
  if (StringAt(served, "apiVersion") != scope.resource.ApiVersion()) return served;
  return scope.resource.to_storage(served);
}

http::Response ObjectResponse(const RequestScope& scope, const Output& output,
                              std::string_view stored, int code) {
  std::string served = Served(scope, stored);
  switch (output.kind) {
    case OutputKind::kJson:
      return JsonResponse(code, std::move(served));
    case OutputKind::kPartialMetadata:
      return JsonResponse(code, PartialMetadata(served));
    case OutputKind::kTable: {
      TableOptions t;
      t.include = output.include;
      return JsonResponse(code,
                          BuildTable(scope.resource, {served}, t, scope.registry.clock().Now()));
    }
  }
  return JsonResponse(code, std::move(served));
}

http::Response ListResponse(const RequestScope& scope, const Output& output, const ListPage& page) {
  std::vector<std::string> converted;
  std::vector<std::string_view> items;
  items.reserve(page.items.size());
  if (scope.resource.from_storage) {
    converted.reserve(page.items.size());
    for (const ObjectPtr& o : page.items) converted.push_back(Served(scope, o->json));
    for (const std::string& s : converted) items.push_back(s);
  } else {
    for (const ObjectPtr& o : page.items) items.push_back(o->json);
  }
  if (output.kind == OutputKind::kTable) {
    TableOptions t;
    t.include = output.include;
    t.resource_version = page.resource_version;
    t.continue_token = page.continue_token;
    t.remaining = page.remaining;
    return JsonResponse(200, BuildTable(scope.resource, items, t, scope.registry.clock().Now()));
  }
  bool partial = output.kind == OutputKind::kPartialMetadata;
  std::string out = partial ? R"({"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1")"
                            : "{\"kind\":\"" + scope.resource.kind + "List\",\"apiVersion\":\"" +
                                  scope.resource.ApiVersion() + "\"";
  out += ",\"metadata\":{\"resourceVersion\":";
  AppendJsonString(page.resource_version, &out);
  if (!page.continue_token.empty()) {
    out += ",\"continue\":";
    AppendJsonString(page.continue_token, &out);
    if (page.remaining >= 0) out += ",\"remainingItemCount\":" + std::to_string(page.remaining);
  }
  out += "},\"items\":[";
  size_t total = 0;
  for (std::string_view s : items) total += s.size() + 1;
  out.reserve(out.size() + total + 4);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    if (partial) {
      out += PartialMetadata(items[i]);
    } else {
      out.append(items[i]);
    }
  }
  out += "]}";
  return JsonResponse(200, std::move(out));
}

}  // namespace ekslite::apiserver
