// CrdModel: the parts of an apiextensions.k8s.io/v1 CustomResourceDefinition
// (a JSON object) that serving its custom resources needs, read once.
#ifndef EKSLITE_APISERVER_CRD_CRD_MODEL_H_
#define EKSLITE_APISERVER_CRD_CRD_MODEL_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apiserver/resources/version_priority.h"
#include "core/json.h"

namespace ekslite::apiserver {

inline constexpr std::string_view kApiextensionsGroup = "apiextensions.k8s.io";
// The finalizer that holds a deleted CRD until its custom resources are gone.
inline constexpr std::string_view kCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

struct CrdNames {
  std::string plural;
  std::string singular;
  std::string kind;
  std::string list_kind;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
};

struct CrdColumn {
  std::string name;
  std::string type;  // integer, number, string, boolean, date
  std::string format;
  std::string description;
  std::string json_path;
  int priority = 0;
};

struct CrdScale {
  std::string spec_replicas_path;    // ".spec.replicas"
  std::string status_replicas_path;  // ".status.replicas"
  std::string label_selector_path;   // "" when none
};

struct CrdVersion {
  std::string name;
  bool served = false;
  bool storage = false;
  bool deprecated = false;
  std::optional<std::string> deprecation_warning;
  // schema.openAPIV3Schema (a copy); null when the version has none.
  std::shared_ptr<const Json> schema;
  bool status_subresource = false;
  std::optional<CrdScale> scale;
  std::vector<CrdColumn> columns;
  std::vector<std::string> selectable_fields;  // JSON paths (".spec.color")
};

struct CrdModel {
  std::string name;
  std::string uid;
  std::string group;
  bool namespaced = true;
  CrdNames spec_names;
  CrdNames accepted_names;  // status.acceptedNames
  std::vector<CrdVersion> versions;
  bool terminating = false;  // metadata.deletionTimestamp is set
  bool has_cleanup_finalizer = false;
  bool established = false;  // condition Established=True

  // The storage version, or null (an invalid CRD).
  const CrdVersion* StorageVersion() const;
  // The served versions, highest priority first (upstream's version order).
  std::vector<const CrdVersion*> ServedVersions() const;
};

// Reads a CRD object. Missing members read as empty.
CrdModel ReadCrd(const JsonValue& crd);
CrdNames ReadNames(const JsonValue* names);

// The status condition `type` of a CRD object, or null.
const JsonValue* FindCondition(const JsonValue& crd, std::string_view type);
// True when condition `type` has status "True".
bool ConditionTrue(const JsonValue& crd, std::string_view type);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CRD_MODEL_H_
