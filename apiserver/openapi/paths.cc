#include "apiserver/openapi/paths.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <span>

#include "apiserver/openapi/component_schemas.h"
#include "apiserver/openapi/parameters.h"

namespace ekslite::apiserver::openapi {
namespace {

enum class Body { kNone, kObject, kPatch, kDelete };
enum class Reply { kObject, kText, kWatch };  // kWatch: also as a watch stream

struct Operation {
  std::string method;  // "get", "put", "post", "patch", "delete"
  std::string action;  // x-kubernetes-action
  std::string id;
  std::string description;
  std::span<const std::string_view> parameters;
  Body body = Body::kNone;
  std::string body_component;
  Reply reply = Reply::kObject;
  std::string reply_component;  // "" with kObject: an untyped object
  std::vector<int> codes = {200};
  std::string group, version, kind;  // x-kubernetes-group-version-kind; no kind = none
};

struct PathItem {
  std::string name_of;  // the kind named by a {name} parameter; "" = none
  bool namespaced = false;
  std::vector<Operation> operations;
};

// What the operations of one resource share.
struct Context {
  const ResourceInfo& r;
  std::string prefix;  // "/apis/apps/v1"
  std::string tag;     // "apps_v1"
  std::string id;      // "AppsV1"
  std::string object;  // component of the kind
  std::string list;    // component of the list kind
  bool smp;            // strategic merge patch is accepted (built-ins only)
};

std::string Capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// verb + group + version [+ infix] [+ "Namespaced"] + kind [+ subresource] +
// suffix: "listAppsV1NamespacedDeployment", "patchCoreV1NodeStatus".
std::string OperationId(const Context& c, std::string_view verb, std::string_view sub,
                        bool namespaced, std::string_view suffix, std::string_view infix = "") {
  std::string id(verb);
  id += c.id;
  id += infix;
  if (namespaced) id += "Namespaced";
  id += c.r.kind;
  id += Capitalize(std::string(sub));
  id += suffix;
  return id;
}

void SetKind(Operation& op, const std::string& group, const std::string& version,
             const std::string& kind) {
  op.group = group;
  op.version = version;
  op.kind = kind;
}

Operation MakeOperation(const Context& c, std::string method, std::string action, std::string id,
                        std::string description) {
  Operation op;
  op.method = std::move(method);
  op.action = std::move(action);
  op.id = std::move(id);
  op.description = std::move(description);
  op.reply_component = c.object;
  SetKind(op, c.r.group, c.r.version, c.r.kind);
  return op;
}

std::string_view Reason(int code) {
  switch (code) {
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    default:
      return "OK";
  }
}

void WriteSchemaContent(std::string_view media, const std::string& component, JsonWriter& out) {
  out.Key(media);
  out.StartObject();
  out.Key("schema");
  out.StartObject();
  if (component.empty()) {
    out.Member("type", "object");
  } else {
    out.Member("$ref", SchemaRef(component));
  }
  out.EndObject();
  out.EndObject();
}

void WriteRequestBody(const Operation& op, bool smp, JsonWriter& out) {
  out.Key("requestBody");
  out.StartObject();
  out.Key("content");
  out.StartObject();
  if (op.body == Body::kPatch) {
    for (std::string_view media : {"application/apply-patch+yaml", "application/json-patch+json",
                                   "application/merge-patch+json"}) {
      WriteSchemaContent(media, std::string(kPatch), out);
    }
    if (smp) WriteSchemaContent("application/strategic-merge-patch+json", std::string(kPatch), out);
  } else {
    WriteSchemaContent("*/*", op.body_component, out);
  }
  out.EndObject();
  if (op.body != Body::kDelete) {
    out.Key("required");
    out.Bool(true);
  }
  out.EndObject();
}

void WriteResponses(const Operation& op, JsonWriter& out) {
  out.Key("responses");
  out.StartObject();
  for (int code : op.codes) {
    out.Key(std::to_string(code));
    out.StartObject();
    out.Key("content");
    out.StartObject();
    if (op.reply == Reply::kText) {
      out.Key("*/*");
      out.StartObject();
      out.Key("schema");
      out.StartObject();
      out.Member("type", "string");
      out.EndObject();
      out.EndObject();
    } else {
      WriteSchemaContent("application/json", op.reply_component, out);
      if (op.reply == Reply::kWatch) {
        WriteSchemaContent("application/json;stream=watch", op.reply_component, out);
      }
    }
    out.EndObject();
    out.Member("description", Reason(code));
    out.EndObject();
  }
  out.Key("401");
  out.StartObject();
  out.Member("description", "Unauthorized");
  out.EndObject();
  out.EndObject();
}

void WriteOperation(const Operation& op, const Context& c, JsonWriter& out) {
  out.Key(op.method);
  out.StartObject();
  out.Member("description", op.description);
  out.Member("operationId", op.id);
  out.Key("tags");
  out.StartArray();
  out.String(c.tag);
  out.EndArray();
  if (!op.parameters.empty()) {
    out.Key("parameters");
    out.StartArray();
    for (std::string_view p : op.parameters) WriteQueryParameter(p, out);
    out.EndArray();
  }
  if (op.body != Body::kNone) WriteRequestBody(op, c.smp, out);
  WriteResponses(op, out);
  out.Member("x-kubernetes-action", op.action);
  if (!op.kind.empty()) {
    out.Key("x-kubernetes-group-version-kind");
    out.StartObject();
    out.Member("group", op.group);
    out.Member("kind", op.kind);
    out.Member("version", op.version);
    out.EndObject();
  }
  out.EndObject();
}

void WritePathItem(const PathItem& item, const Context& c, JsonWriter& out) {
  out.StartObject();
  for (const Operation& op : item.operations) WriteOperation(op, c, out);
  out.Key("parameters");
  out.StartArray();
  if (!item.name_of.empty()) WriteNameParameter(item.name_of, out);
  if (item.namespaced) WriteNamespaceParameter(out);
  WriteQueryParameter("pretty", out);
  out.EndArray();
  out.EndObject();
}

// The paths of one resource, by path.
class ResourcePaths {
 public:
  explicit ResourcePaths(const Context& c) : c_(c) {}

  void AddCollection();
  void AddObject();
  void AddWatch();
  void AddSubresource(const SubresourceInfo& sub, const KindComponent& component);
  void Write(JsonWriter& out) const {
    for (const auto& [path, item] : paths_) {
      out.Key(path);
      WritePathItem(item, c_, out);
    }
  }

 private:
  std::string Collection(bool namespaced, std::string_view watch = "") const {
    std::string p = c_.prefix + std::string(watch);
    if (namespaced) p += "/namespaces/{namespace}";
    return p + "/" + c_.r.resource;
  }
  PathItem& Item(const std::string& path, bool namespaced, bool named) {
    PathItem& item = paths_[path];
    item.namespaced = namespaced;
    if (named) item.name_of = c_.r.kind;
    return item;
  }
  void AddConnect(const SubresourceInfo& sub, PathItem& item);

  const Context& c_;
  std::map<std::string, PathItem> paths_;
};

void ResourcePaths::AddCollection() {
  const ResourceInfo& r = c_.r;
  bool ns = r.namespaced;
  PathItem& item = Item(Collection(ns), ns, false);
  if (r.HasVerb("list")) {
    Operation op = MakeOperation(c_, "get", "list", OperationId(c_, "list", "", ns, ""),
                                 "Lists the " + r.kind + " objects, or watches them with watch.");
    op.parameters = ListParameters();
    op.reply = Reply::kWatch;
    op.reply_component = c_.list;
    item.operations.push_back(op);
    if (ns) {
      op.id = OperationId(c_, "list", "", false, "ForAllNamespaces");
      op.description = "Lists the " + r.kind + " objects of every namespace.";
      Item(Collection(false), false, false).operations.push_back(std::move(op));
    }
  }
  if (r.HasVerb("create") || r.create_handler) {
    Operation op = MakeOperation(c_, "post", "post", OperationId(c_, "create", "", ns, ""),
                                 "Creates a " + r.kind + ".");
    op.parameters = WriteParameters();
    op.body = Body::kObject;
    op.body_component = c_.object;
    op.codes = {200, 201, 202};
    item.operations.push_back(std::move(op));
  }
  if (r.HasVerb("deletecollection")) {
    Operation op = MakeOperation(c_, "delete", "deletecollection",
                                 OperationId(c_, "delete", "", ns, "", "Collection"),
                                 "Deletes every " + r.kind + " the selectors match.");
    op.parameters = DeleteCollectionParameters();
    op.body = Body::kDelete;
    op.body_component = std::string(kDeleteOptions);
    op.reply_component = std::string(kStatus);
    item.operations.push_back(std::move(op));
  }
}

void ResourcePaths::AddObject() {
  const ResourceInfo& r = c_.r;
  bool ns = r.namespaced;
  PathItem& item = Item(Collection(ns) + "/{name}", ns, true);
  if (r.HasVerb("get")) {
    item.operations.push_back(MakeOperation(c_, "get", "get", OperationId(c_, "read", "", ns, ""),
                                            "Reads the " + r.kind + " with this name."));
  }
  if (r.HasVerb("update")) {
    Operation op = MakeOperation(c_, "put", "put", OperationId(c_, "replace", "", ns, ""),
                                 "Replaces the " + r.kind + " with the object in the body.");
    op.parameters = WriteParameters();
    op.body = Body::kObject;
    op.body_component = c_.object;
    op.codes = {200, 201};
    item.operations.push_back(std::move(op));
  }
  if (r.HasVerb("patch")) {
    Operation op = MakeOperation(c_, "patch", "patch", OperationId(c_, "patch", "", ns, ""),
                                 "Changes part of the " + r.kind + " by applying the patch.");
    op.parameters = PatchParameters();
    op.body = Body::kPatch;
    op.codes = {200, 201};
    item.operations.push_back(std::move(op));
  }
  if (r.HasVerb("delete")) {
    Operation op = MakeOperation(c_, "delete", "delete", OperationId(c_, "delete", "", ns, ""),
                                 "Deletes the " + r.kind + ", or marks it for deletion.");
    op.parameters = DeleteParameters();
    op.body = Body::kDelete;
    op.body_component = std::string(kDeleteOptions);
    if (!r.return_deleted_object) op.reply_component = std::string(kStatus);
    op.codes = {200, 202};
    item.operations.push_back(std::move(op));
  }
}

void ResourcePaths::AddWatch() {
  const ResourceInfo& r = c_.r;
  bool ns = r.namespaced;
  std::string deprecated = " Deprecated: use the list operation with watch instead.";
  auto watch = [&](const std::string& path, bool item_ns, bool named, std::string id,
                   std::string what) {
    Operation op = MakeOperation(c_, "get", named ? "watch" : "watchlist", std::move(id),
                                 "Streams the changes to " + what + "." + deprecated);
    op.parameters = ListParameters();
    op.reply = Reply::kWatch;
    op.reply_component = std::string(kWatchEvent);
    Item(path, item_ns, named).operations.push_back(std::move(op));
  };
  std::string plural = "the " + r.kind + " objects";
  watch(Collection(ns, "/watch"), ns, false, OperationId(c_, "watch", "", ns, "List"), plural);
  watch(Collection(ns, "/watch") + "/{name}", ns, true, OperationId(c_, "watch", "", ns, ""),
        "one " + r.kind);
  if (ns) {
    watch(Collection(false, "/watch"), false, false,
          OperationId(c_, "watch", "", false, "ListForAllNamespaces"), plural + " of every namespace");
  }
}

void ResourcePaths::AddConnect(const SubresourceInfo& sub, PathItem& item) {
  struct Method {
    std::string_view verb, method, id;
  };
  static constexpr Method kMethods[] = {{"get", "get", "Get"},
                                        {"create", "post", "Post"},
                                        {"update", "put", "Put"},
                                        {"patch", "patch", "Patch"},
                                        {"delete", "delete", "Delete"}};
  bool ns = c_.r.namespaced;
  bool log = sub.name == "log";
  for (const Method& m : kMethods) {
    if (std::find(sub.verbs.begin(), sub.verbs.end(), m.verb) == sub.verbs.end()) continue;
    std::string id = log ? OperationId(c_, "read", sub.name, ns, "")
                         : OperationId(c_, "connect" + std::string(m.id), sub.name, ns, "");
    std::string what = log ? "Reads the log of a container of the " + c_.r.kind + "."
                           : "Connects to the " + sub.name + " of the " + c_.r.kind + ".";
    Operation op = MakeOperation(c_, std::string(m.method), log ? "get" : "connect", id, what);
    op.parameters = ConnectParameters(sub.name);
    op.reply = Reply::kText;
    SetKind(op, sub.group, sub.version, sub.kind);
    item.operations.push_back(std::move(op));
  }
}

void ResourcePaths::AddSubresource(const SubresourceInfo& sub, const KindComponent& component) {
  bool ns = c_.r.namespaced;
  PathItem& item = Item(Collection(ns) + "/{name}/" + sub.name, ns, true);
  std::string kind_component = component(sub.group, sub.version, sub.kind);
  if (!ConnectParameters(sub.name).empty() || sub.kind.empty() || kind_component.empty()) {
    return AddConnect(sub, item);
  }
  auto has = [&](std::string_view v) {
    return std::find(sub.verbs.begin(), sub.verbs.end(), v) != sub.verbs.end();
  };
  auto op = [&](std::string method, std::string action, std::string verb, std::string what) {
    Operation o = MakeOperation(c_, std::move(method), std::move(action),
                                OperationId(c_, verb, sub.name, ns, ""),
                                what + " the " + sub.name + " of the " + c_.r.kind + ".");
    SetKind(o, sub.group, sub.version, sub.kind);
    o.reply_component = kind_component;
    o.body_component = kind_component;
    return o;
  };
  if (has("get")) item.operations.push_back(op("get", "get", "read", "Reads"));
  if (has("create")) {
    Operation o = op("post", "post", "create", "Creates");
    o.parameters = WriteParameters();
    o.body = Body::kObject;
    o.codes = {200, 201, 202};
    item.operations.push_back(std::move(o));
  }
  if (has("update")) {
    Operation o = op("put", "put", "replace", "Replaces");
    o.parameters = WriteParameters();
    o.body = Body::kObject;
    o.codes = {200, 201};
    item.operations.push_back(std::move(o));
  }
  if (has("patch")) {
    Operation o = op("patch", "patch", "patch", "Changes part of");
    o.parameters = PatchParameters();
    o.body = Body::kPatch;
    o.codes = {200, 201};
    item.operations.push_back(std::move(o));
  }
}

std::string VersionIdentifier(const std::string& version) { return Capitalize(version); }

std::string Tag(const std::string& group, const std::string& version) {
  std::string id = GroupIdentifier(group);
  id[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(id[0])));
  return id + "_" + version;
}

}  // namespace

std::string GroupIdentifier(const std::string& group) {
  if (group.empty()) return "Core";
  std::string g = group;
  constexpr std::string_view kSuffix = ".k8s.io";
  if (g.size() > kSuffix.size() && g.ends_with(kSuffix)) g.resize(g.size() - kSuffix.size());
  std::string id;
  bool upper = true;
  for (char ch : g) {
    if (ch == '.' || ch == '-') {
      upper = true;
      continue;
    }
    id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
    upper = false;
  }
  return id;
}

void WritePaths(const std::vector<const ResourceInfo*>& resources, const KindComponent& component,
                JsonWriter& out) {
  for (const ResourceInfo* r : resources) {
    Context c{*r,
              r->group.empty() ? "/api/" + r->version : "/apis/" + r->group + "/" + r->version,
              Tag(r->group, r->version),
              GroupIdentifier(r->group) + VersionIdentifier(r->version),
              component(r->group, r->version, r->kind),
              component(r->group, r->version, r->kind + "List"),
              r->openapi_v3_schema == nullptr && r->custom_schema == nullptr};
    ResourcePaths paths(c);
    paths.AddCollection();
    if (r->HasVerb("get") || r->HasVerb("update") || r->HasVerb("patch") || r->HasVerb("delete")) {
      paths.AddObject();
    }
    if (r->HasVerb("watch")) paths.AddWatch();
    for (const SubresourceInfo& sub : r->subresources) paths.AddSubresource(sub, component);
    paths.Write(out);
  }
}

}  // namespace ekslite::apiserver::openapi
