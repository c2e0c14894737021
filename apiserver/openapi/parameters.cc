#include "apiserver/openapi/parameters.h"

#include <array>
#include <string>

namespace ekslite::apiserver::openapi {
namespace {

struct Parameter {
  std::string_view name;
  std::string_view type;  // "string", "integer", "boolean"
  std::string_view description;
};

// Every query parameter an operation may list, by name.
constexpr Parameter kParameters[] = {
    {"allowWatchBookmarks", "boolean",
     "Asks a watch for BOOKMARK events: events that carry only a newer resourceVersion, so that a "
     "client can later resume the watch from there. Ignored when not watching."},
    {"command", "string",
     "The command to run and its arguments, one value per word (repeat the parameter)."},
    {"container", "string",
     "The container of the pod to use; may be left out when the pod has only one."},
    {"continue", "string",
     "The continue token of the previous page (from its metadata.continue), to read the next "
     "page of a paged list with the same selectors. A token older than the server's change "
     "history is refused with 410 Gone."},
    {"dryRun", "string",
     "When All, the request is checked, defaulted and admitted as usual, but nothing is "
     "stored."},
    {"fieldManager", "string",
     "Names the client making the change; the fields it sets are recorded under this name in "
     "metadata.managedFields. Required for server-side apply, optional otherwise."},
    {"fieldSelector", "string",
     "Keeps only objects whose fields match, e.g. metadata.name=web or status.phase!=Running. "
     "Each resource supports metadata.name, metadata.namespace and a few fields of its own."},
    {"fieldValidation", "string",
     "What to do with fields of the body the schema does not know, and with duplicate fields: "
     "Strict refuses the request, Warn accepts it and returns a warning for each, Ignore drops "
     "them silently."},
    {"follow", "boolean", "Keeps the log stream open and sends new lines as they are written."},
    {"force", "boolean",
     "For server-side apply only: take over fields other managers own instead of failing with "
     "a conflict."},
    {"gracePeriodSeconds", "integer",
     "Seconds the object gets to shut down before it is removed; 0 removes it at once. Unset "
     "uses the resource's own default."},
    {"ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
     "Deletes an object even when its stored form cannot be read or decoded, skipping "
     "finalizers and preconditions. Only for repairing corrupt data."},
    {"insecureSkipTLSVerifyBackend", "boolean",
     "Reads the log from the node without verifying the node's serving certificate."},
    {"labelSelector", "string",
     "Keeps only objects whose labels match, e.g. app=web,tier in (front,back),!canary."},
    {"limit", "integer",
     "The most items to return. When more remain, the list's metadata.continue holds a token "
     "for the next page, and every page belongs to the same snapshot."},
    {"limitBytes", "integer", "Stops the log after this many bytes."},
    {"orphanDependents", "boolean",
     "Deprecated in favour of propagationPolicy: true leaves the objects this one owns in "
     "place, false deletes them."},
    {"path", "string", "The path to forward to, on the pod, service or node being proxied."},
    {"ports", "integer", "A port of the pod to forward to (repeat the parameter for several)."},
    {"pretty", "string", "When true, the response body is indented for reading."},
    {"previous", "boolean",
     "Returns the log of the previous run of the container, before it last restarted."},
    {"propagationPolicy", "string",
     "What happens to the objects this one owns: Orphan leaves them, Background deletes them "
     "after this one is gone, Foreground deletes them first and this one last."},
    {"resourceVersion", "string",
     "Which state a read may come from: unset reads the latest, \"0\" any state the server "
     "holds, another value a state at least that new (see resourceVersionMatch). A watch starts "
     "after this version."},
    {"resourceVersionMatch", "string",
     "How a list applies resourceVersion: NotOlderThan (a state at least that new) or Exact "
     "(that very state)."},
    {"sendInitialEvents", "boolean",
     "Begins a watch with an ADDED event for every current object, followed by a BOOKMARK that "
     "marks the end of the initial state. Needs resourceVersionMatch=NotOlderThan."},
    {"sinceSeconds", "integer", "Returns only log lines written in the last this many seconds."},
    {"sinceTime", "string", "Returns only log lines written after this RFC 3339 time."},
    {"stderr", "boolean", "Attaches the standard error of the process."},
    {"stdin", "boolean", "Attaches the standard input of the process."},
    {"stdout", "boolean", "Attaches the standard output of the process."},
    {"stream", "string", "Which log stream to return: All, Stdout or Stderr."},
    {"tailLines", "integer", "Returns only this many lines from the end of the log."},
    {"timeoutSeconds", "integer",
     "Ends the list or watch after this many seconds, whatever else happens."},
    {"timestamps", "boolean", "Starts each log line with the time it was written."},
    {"tty", "boolean", "Allocates a terminal for the process."},
    {"watch", "boolean",
     "Streams the changes (ADDED, MODIFIED, DELETED) to the selected objects instead of "
     "returning a list."},
};

constexpr std::string_view kList[] = {
    "allowWatchBookmarks", "continue",         "fieldSelector",        "labelSelector",
    "limit",               "resourceVersion",  "resourceVersionMatch", "sendInitialEvents",
    "timeoutSeconds",      "watch"};
constexpr std::string_view kWrite[] = {"dryRun", "fieldManager", "fieldValidation"};
constexpr std::string_view kPatch[] = {"dryRun", "fieldManager", "fieldValidation", "force"};
constexpr std::string_view kDelete[] = {"dryRun", "gracePeriodSeconds",
                                        "ignoreStoreReadErrorWithClusterBreakingPotential",
                                        "orphanDependents", "propagationPolicy"};
constexpr std::string_view kDeleteCollection[] = {
    "continue",
    "dryRun",
    "fieldSelector",
    "gracePeriodSeconds",
    "ignoreStoreReadErrorWithClusterBreakingPotential",
    "labelSelector",
    "limit",
    "orphanDependents",
    "propagationPolicy",
    "resourceVersion",
    "resourceVersionMatch",
    "sendInitialEvents",
    "timeoutSeconds"};
constexpr std::string_view kLog[] = {"container",  "follow",     "insecureSkipTLSVerifyBackend",
                                     "limitBytes", "previous",   "sinceSeconds",
                                     "sinceTime",  "stream",     "tailLines",
                                     "timestamps"};
constexpr std::string_view kExec[] = {"command", "container", "stderr", "stdin", "stdout", "tty"};
constexpr std::string_view kAttach[] = {"container", "stderr", "stdin", "stdout", "tty"};
constexpr std::string_view kPortForward[] = {"ports"};
constexpr std::string_view kProxy[] = {"path"};

void WriteParameter(std::string_view name, std::string_view in, std::string_view type,
                    std::string_view description, bool required, JsonWriter& out) {
  out.StartObject();
  out.OptionalMember("description", description);
  out.Member("in", in);
  out.Member("name", name);
  if (required) {
    out.Key("required");
    out.Bool(true);
  }
  out.Key("schema");
  out.StartObject();
  out.Member("type", type);
  out.EndObject();
  out.EndObject();
}

}  // namespace

std::span<const std::string_view> ListParameters() { return kList; }
std::span<const std::string_view> WriteParameters() { return kWrite; }
std::span<const std::string_view> PatchParameters() { return kPatch; }
std::span<const std::string_view> DeleteParameters() { return kDelete; }
std::span<const std::string_view> DeleteCollectionParameters() { return kDeleteCollection; }

std::span<const std::string_view> ConnectParameters(std::string_view subresource) {
  if (subresource == "log") return kLog;
  if (subresource == "exec") return kExec;
  if (subresource == "attach") return kAttach;
  if (subresource == "portforward") return kPortForward;
  if (subresource == "proxy") return kProxy;
  return {};
}

void WriteQueryParameter(std::string_view name, JsonWriter& out) {
  for (const Parameter& p : kParameters) {
    if (p.name == name) return WriteParameter(name, "query", p.type, p.description, false, out);
  }
  WriteParameter(name, "query", "string", "", false, out);
}

void WriteNameParameter(std::string_view kind, JsonWriter& out) {
  WriteParameter("name", "path", "string", "The name of the " + std::string(kind) + ".", true,
                 out);
}

void WriteNamespaceParameter(JsonWriter& out) {
  WriteParameter("namespace", "path", "string", "The namespace the object belongs to.", true,
                 out);
}

}  // namespace ekslite::apiserver::openapi
