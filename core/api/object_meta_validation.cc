// ObjectMeta validation on create and update (see object_meta.h).
#include <algorithm>
#include <cstdio>
#include <set>

#include "core/api/go_format.h"
#include "core/api/json_tree.h"
#include "core/api/object_meta.h"

namespace ekslite::api {
namespace {

constexpr size_t kFieldManagerMaxLength = 128;
constexpr size_t kSubresourceMaxLength = 256;

std::vector<std::string> StringList(const JsonValue* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString()) out.emplace_back(View(v));
  }
  return out;
}

std::string GoBoolPointer(const std::optional<bool>& b) {
  // Go prints a non-nil pointer's address; any fixed address stands in.
  return b.has_value() ? "(*bool)(0xc000012345)" : "(*bool)(nil)";
}

// %#v of a metav1.OwnerReference.
std::string GoOwnerReference(const OwnerReference& r) {
  return "v1.OwnerReference{APIVersion:" + GoQuote(r.api_version) + ", Kind:" + GoQuote(r.kind) +
         ", Name:" + GoQuote(r.name) + ", UID:" + GoQuote(r.uid) +
         ", Controller:" + GoBoolPointer(r.controller) +
         ", BlockOwnerDeletion:" + GoBoolPointer(r.block_owner_deletion) + "}";
}

void ValidateOwnerReference(const OwnerReference& r, const FieldPath& path, ErrorList* errors) {
  std::string group, version;  // schema.ParseGroupVersion
  size_t slashes = std::count(r.api_version.begin(), r.api_version.end(), '/');
  if (r.api_version != "/" && slashes == 0) {
    version = r.api_version;
  } else if (r.api_version != "/" && slashes == 1) {
    size_t slash = r.api_version.find('/');
    group = r.api_version.substr(0, slash);
    version = r.api_version.substr(slash + 1);
  }
  if (version.empty()) {
    errors->Add(Invalid(path.Child("apiVersion"), r.api_version, "version must not be empty"));
  }
  if (r.kind.empty()) errors->Add(Invalid(path.Child("kind"), r.kind, "must not be empty"));
  if (r.name.empty()) errors->Add(Invalid(path.Child("name"), r.name, "must not be empty"));
  if (r.uid.empty()) errors->Add(Invalid(path.Child("uid"), r.uid, "must not be empty"));
  if (group.empty() && version == "v1" && r.kind == "Event") {
    errors->Add(Invalid(path, BadValue::Raw(GoOwnerReference(r)),
                        "/v1, Kind=Event is disallowed from being an owner"));
  }
}

void ValidateOwnerReferences(const JsonValue* list, const FieldPath& path, ErrorList* errors) {
  if (list == nullptr || !list->IsArray()) return;
  std::vector<OwnerReference> refs;
  for (const JsonValue& ref : list->GetArray()) {
    if (ref.IsObject()) refs.push_back(OwnerReferenceFromJson(ref));
  }
  std::string first_controller;
  for (const OwnerReference& r : refs) {
    ValidateOwnerReference(r, path, errors);
    if (!r.controller.value_or(false)) continue;
    std::string current = r.kind + "/" + r.name;
    if (first_controller.empty()) {
      first_controller = current;
      continue;
    }
    std::string all = "[]v1.OwnerReference{";
    for (size_t i = 0; i < refs.size(); ++i) all += (i > 0 ? ", " : "") + GoOwnerReference(refs[i]);
    errors->Add(Invalid(path, BadValue::Raw(all + "}"),
                        "Only one reference can have Controller set to true. Found \"true\" in "
                        "references for " +
                            first_controller + " and " + current));
  }
}

void ValidateFinalizerName(std::string_view name, const FieldPath& path, ErrorList* errors) {
  for (const std::string& msg : IsQualifiedName(name)) errors->Add(Invalid(path, name, msg));
}

void ValidateFinalizers(const std::vector<std::string>& finalizers, const FieldPath& path,
                        ErrorList* errors) {
  for (const std::string& f : finalizers) ValidateFinalizerName(f, path, errors);
  bool orphan = std::find(finalizers.begin(), finalizers.end(), "orphan") != finalizers.end();
  bool foreground =
      std::find(finalizers.begin(), finalizers.end(), "foregroundDeletion") != finalizers.end();
  if (orphan && foreground) {
    errors->Add(Invalid(path, BadValue::StringSlice(finalizers, false),
                        "finalizer orphan and foregroundDeletion cannot be both set"));
  }
}

// Built-in kinds: a finalizer without a domain must be a standard one.
void ValidateBuiltinFinalizers(const std::vector<std::string>& finalizers, const FieldPath& path,
                               ErrorList* errors) {
  static const std::set<std::string, std::less<>> kStandard = {"kubernetes", "orphan",
                                                               "foregroundDeletion"};
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const std::string& f = finalizers[i];
    FieldPath item = path.Index(static_cast<int64_t>(i));
    ValidateFinalizerName(f, item, errors);
    if (f.find('/') == std::string::npos && !kStandard.contains(f)) {
      errors->Add(
          Invalid(item, f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  }
}

void ValidateFieldManager(std::string_view manager, const FieldPath& path, ErrorList* errors) {
  if (manager.size() > kFieldManagerMaxLength) errors->Add(TooLong(path, kFieldManagerMaxLength));
  for (size_t i = 0; i < manager.size();) {
    size_t width;
    char32_t r = DecodeRune(manager.substr(i), &width);
    if (!GoIsPrint(r)) {
      char code[16];
      snprintf(code, sizeof(code), "U+%04X", static_cast<unsigned>(r));
      errors->Add(Invalid(
          path, manager,
          std::string("invalid character ") + code + " (at position " + std::to_string(i) + ")"));
    }
    i += width;
  }
}

void ValidateManagedFields(const JsonValue* list, const FieldPath& path, ErrorList* errors) {
  if (list == nullptr || !list->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const JsonValue& entry = (*list)[i];
    FieldPath item = path.Index(i);
    std::string_view op = StringAt(entry, "operation");
    if (op != "Apply" && op != "Update") {
      errors->Add(Invalid(item.Child("operation"), op, "must be `Apply` or `Update`"));
    }
    std::string_view type = StringAt(entry, "fieldsType");
    if (!type.empty() && type != "FieldsV1") {
      errors->Add(Invalid(item.Child("fieldsType"), type, "must be `FieldsV1`"));
    }
    ValidateFieldManager(StringAt(entry, "manager"), item.Child("manager"), errors);
    if (StringAt(entry, "subresource").size() > kSubresourceMaxLength) {
      errors->Add(TooLong(item.Child("subresource"), kSubresourceMaxLength));
    }
  }
}

// Rules shared by create and update.
void ValidateCommon(const JsonValue& metadata, const FieldPath& path, ErrorList* errors) {
  if (const JsonValue* labels = Member(metadata, "labels")) {
    ValidateLabels(*labels, path.Child("labels"), errors);
  }
  if (const JsonValue* annotations = Member(metadata, "annotations")) {
    ValidateAnnotations(*annotations, path.Child("annotations"), errors);
  }
  ValidateOwnerReferences(Member(metadata, "ownerReferences"), path.Child("ownerReferences"),
                          errors);
}

std::string_view MetaString(const JsonValue& metadata, std::string_view field) {
  const JsonValue* v = Member(metadata, field);
  return v != nullptr && v->IsString() ? View(*v) : std::string_view();
}

void ValidateNames(const JsonValue& metadata, bool namespaced, const NameValidator& name_validator,
                   const FieldPath& path, ErrorList* errors) {
  std::string_view generate_name = MetaString(metadata, "generateName");
  if (!generate_name.empty()) {
    for (const std::string& msg : name_validator(generate_name, true)) {
      errors->Add(Invalid(path.Child("generateName"), generate_name, msg));
    }
  }
  std::string_view name = MetaString(metadata, "name");
  if (name.empty()) {
    errors->Add(Required(path.Child("name"), "name or generateName is required"));
  } else {
    for (const std::string& msg : name_validator(name, false)) {
      errors->Add(Invalid(path.Child("name"), name, msg));
    }
  }
  std::string_view ns = MetaString(metadata, "namespace");
  if (!namespaced) {
    if (!ns.empty()) errors->Add(Forbidden(path.Child("namespace"), "not allowed on this type"));
  } else if (ns.empty()) {
    errors->Add(Required(path.Child("namespace"), ""));
  } else {
    for (const std::string& msg : NameIsDnsLabel(ns, false)) {
      errors->Add(Invalid(path.Child("namespace"), ns, msg));
    }
  }
}

// "field is immutable" unless `field` is equal in both (absent counts as
// null). Timestamps compare as instants and print like Go's time.Time.
void CheckImmutable(const JsonValue& new_meta, const JsonValue& old_meta, std::string_view field,
                    const FieldPath& path, ErrorList* errors) {
  static const JsonValue kNull;
  const JsonValue* now = Member(new_meta, field);
  const JsonValue* before = Member(old_meta, field);
  now = now != nullptr ? now : &kNull;
  before = before != nullptr ? before : &kNull;
  bool timestamp = field == "creationTimestamp" || field == "deletionTimestamp";
  std::optional<std::string> now_time = timestamp ? GoTimeString(View(*now)) : std::nullopt;
  if (timestamp && now_time && now_time == GoTimeString(View(*before))) return;
  if (JsonEqual(*now, *before)) return;
  BadValue value = BadValue::Raw("null");
  if (now_time) {
    value = BadValue::Raw(*now_time);
  } else if (now->IsString()) {
    value = BadValue::String(View(*now));
  } else if (now->IsInt64()) {
    value = BadValue::Int(now->GetInt64());
  }
  errors->Add(Invalid(path.Child(field), value, "field is immutable"));
}

void CheckNoNewFinalizers(const JsonValue& new_meta, const JsonValue& old_meta,
                          const FieldPath& path, ErrorList* errors) {
  std::vector<std::string> before = StringList(Member(old_meta, "finalizers"));
  std::set<std::string> added;
  for (std::string& f : StringList(Member(new_meta, "finalizers"))) {
    if (std::find(before.begin(), before.end(), f) == before.end()) added.insert(std::move(f));
  }
  if (added.empty()) return;
  errors->Add(Forbidden(path,
                        "no new finalizers can be added if the object is being deleted, found new "
                        "finalizers " +
                            GoStringSlice({added.begin(), added.end()}, false)));
}

}  // namespace

ErrorList ValidateObjectMeta(const JsonValue& metadata, bool namespaced,
                             const NameValidator& name_validator, bool builtin_kind) {
  ErrorList errors;
  const FieldPath path("metadata");
  ValidateNames(metadata, namespaced, name_validator, path, &errors);
  if (std::optional<int64_t> generation = IntAt(metadata, "generation");
      generation && *generation < 0) {
    errors.Add(Invalid(path.Child("generation"), BadValue::Int(*generation),
                       "must be greater than or equal to 0"));
  }
  ValidateCommon(metadata, path, &errors);
  std::vector<std::string> finalizers = StringList(Member(metadata, "finalizers"));
  ValidateFinalizers(finalizers, path.Child("finalizers"), &errors);
  ValidateManagedFields(Member(metadata, "managedFields"), path.Child("managedFields"), &errors);
  if (builtin_kind) ValidateBuiltinFinalizers(finalizers, path.Child("finalizers"), &errors);
  return errors;
}

ErrorList ValidateObjectMetaUpdate(const JsonValue& new_meta, const JsonValue& old_meta,
                                   bool builtin_kind) {
  ErrorList errors;
  const FieldPath path("metadata");
  if (!MetaString(old_meta, "deletionTimestamp").empty()) {
    CheckNoNewFinalizers(new_meta, old_meta, path.Child("finalizers"), &errors);
  }
  if (MetaString(new_meta, "resourceVersion").empty()) {
    errors.Add(Invalid(path.Child("resourceVersion"), "", "must be specified for an update"));
  }
  int64_t new_generation = IntAt(new_meta, "generation").value_or(0);
  if (new_generation < IntAt(old_meta, "generation").value_or(0)) {
    errors.Add(Invalid(path.Child("generation"), BadValue::Int(new_generation),
                       "must not be decremented"));
  }
  for (std::string_view field : {"name", "namespace", "uid", "creationTimestamp",
                                 "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    CheckImmutable(new_meta, old_meta, field, path, &errors);
  }
  ValidateCommon(new_meta, path, &errors);
  ValidateManagedFields(Member(new_meta, "managedFields"), path.Child("managedFields"), &errors);
  if (builtin_kind) {
    ValidateBuiltinFinalizers(StringList(Member(new_meta, "finalizers")), path.Child("finalizers"),
                              &errors);
  }
  return errors;
}

}  // namespace ekslite::api
