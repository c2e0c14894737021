// ValidateCrd: the object-level and spec-level rules, in upstream's order;
// the per-version parts are in crd_version_validation.cc.
#include "apiserver/crd/crd_validation.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "apiserver/crd/crd_model.h"
#include "apiserver/crd/crd_validation_internal.h"
#include "core/api/go_format.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

using api::FieldPath;
using crd_validation::SpecLayout;

constexpr std::string_view kApprovalAnnotation = "api-approved.kubernetes.io";

std::string Join(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> Strings(const JsonValue* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsArray()) return out;
  for (const JsonValue& v : list->GetArray()) out.emplace_back(v.IsString() ? View(v) : "");
  return out;
}

bool Flag(const JsonValue& v, std::string_view name) {
  const JsonValue* b = Member(v, name);
  return b != nullptr && b->IsBool() && b->GetBool();
}

// spec.versions as Go prints the internal slice (names and flags only).
api::BadValue VersionsValue(const JsonValue* versions) {
  std::string out = "[]apiextensions.CustomResourceDefinitionVersion{";
  if (versions != nullptr && versions->IsArray()) {
    bool first = true;
    for (const JsonValue& v : versions->GetArray()) {
      if (!first) out += ", ";
      first = false;
      out += "apiextensions.CustomResourceDefinitionVersion{Name:" +
             api::GoQuote(StringAt(v, "name")) +
             ", Served:" + (Flag(v, "served") ? "true" : "false") +
             ", Storage:" + (Flag(v, "storage") ? "true" : "false") + "}";
    }
  }
  return api::BadValue::Raw(out + "}");
}

void ValidateGroup(const JsonValue& spec, const FieldPath& path, api::ErrorList* errors) {
  std::string_view group = StringAt(spec, "group");
  if (group.empty()) {
    errors->Add(api::Required(path.Child("group"), ""));
  } else if (auto problems = api::IsDns1123Subdomain(group); !problems.empty()) {
    errors->Add(api::Invalid(path.Child("group"), group, Join(problems)));
  } else if (group.find('.') == std::string_view::npos) {
    errors->Add(
        api::Invalid(path.Child("group"), group, "should be a domain with at least one dot"));
  }
}

void ValidateScope(const JsonValue& spec, const FieldPath& path, api::ErrorList* errors) {
  std::string_view scope = StringAt(spec, "scope");
  if (scope.empty()) {
    errors->Add(api::Required(path.Child("scope"), ""));
  } else if (scope != "Cluster" && scope != "Namespaced") {
    errors->Add(api::NotSupported(path.Child("scope"), api::BadValue::String(scope),
                                  {"Cluster", "Namespaced"}));
  }
}

// The versions loop and what follows it: storage flags, unique names, the
// internal spec.version (the first version's name).
void ValidateVersions(const JsonValue& spec, const FieldPath& path, const SpecLayout& layout,
                      api::ErrorList* errors) {
  const JsonValue* versions = Member(spec, "versions");
  FieldPath vpath = path.Child("versions");
  if (versions != nullptr && versions->IsArray()) {
    // Schemas are required in every version (upstream's requireOpenAPISchema).
    if (!layout.schema_shared || versions->Empty() ||
        Path((*versions)[0], "schema.openAPIV3Schema") == nullptr) {
      for (rapidjson::SizeType i = 0; i < versions->Size(); ++i) {
        if (Path((*versions)[i], "schema.openAPIV3Schema") == nullptr) {
          errors->Add(api::Required(vpath.Index(i).Child("schema").Child("openAPIV3Schema"),
                                    "schemas are required"));
        }
      }
    }
  }
  int storage = 0;
  bool unique = true;
  std::set<std::string> seen;
  std::string first;
  if (versions != nullptr && versions->IsArray()) {
    for (rapidjson::SizeType i = 0; i < versions->Size(); ++i) {
      const JsonValue& v = (*versions)[i];
      std::string name(StringAt(v, "name"));
      if (i == 0) first = name;
      if (Flag(v, "storage")) ++storage;
      unique = seen.insert(name).second && unique;
      if (auto problems = api::IsDns1035Label(name); !problems.empty()) {
        errors->Add(api::Invalid(vpath.Index(i).Child("name"), name, Join(problems)));
      }
      crd_validation::ValidateVersion(v, vpath.Index(i), layout, errors);
    }
  }
  if (!unique) {
    errors->Add(api::Invalid(vpath, VersionsValue(versions), "must contain unique version names"));
  }
  if (storage != 1) {
    errors->Add(api::Invalid(vpath, VersionsValue(versions),
                             "must have exactly one version marked as storage version"));
  }
  if (!first.empty()) {
    if (auto problems = api::IsDns1035Label(first); !problems.empty()) {
      errors->Add(api::Invalid(path.Child("version"), first, Join(problems)));
    }
  }
}

// The fields moved up to the spec in upstream's internal form.
void ValidateShared(const JsonValue& spec, const FieldPath& path, const SpecLayout& layout,
                    api::ErrorList* errors) {
  const JsonValue* versions = Member(spec, "versions");
  if (versions == nullptr || !versions->IsArray() || versions->Empty()) return;
  const JsonValue& first = (*versions)[0];
  bool any_status = false;
  for (const JsonValue& v : versions->GetArray()) {
    any_status = any_status || crd_validation::StatusEnabled(Member(v, "subresources"));
  }
  if (layout.schema_shared) {
    crd_validation::ValidateValidation(Member(first, "schema"), any_status,
                                       path.Child("validation"), errors);
  }
  if (layout.subresources_shared) {
    crd_validation::ValidateSubresources(Member(first, "subresources"), path.Child("subresources"),
                                         errors);
  }
  const JsonValue* columns = Member(first, "additionalPrinterColumns");
  if (layout.columns_shared && columns != nullptr && columns->IsArray()) {
    for (rapidjson::SizeType i = 0; i < columns->Size(); ++i) {
      crd_validation::ValidateColumn((*columns)[i], path.Child("additionalPrinterColumns").Index(i),
                                     errors);
    }
  }
  const JsonValue* selectable = Member(first, "selectableFields");
  if (layout.selectable_shared && selectable != nullptr && selectable->IsArray() &&
      !selectable->Empty()) {
    crd_validation::ValidateSelectableFields(*selectable, Path(first, "schema.openAPIV3Schema"),
                                             path.Child("selectableFields"), errors);
  }
}

void ValidateSpec(const JsonValue& spec, const FieldPath& path, api::ErrorList* errors) {
  SpecLayout layout = crd_validation::LayoutOf(Member(spec, "versions"));
  ValidateGroup(spec, path, errors);
  ValidateScope(spec, path, errors);
  ValidateVersions(spec, path, layout, errors);
  const JsonValue* names = Member(spec, "names");
  FieldPath npath = path.Child("names");
  for (const char* required : {"plural", "singular", "kind", "listKind"}) {
    if (names == nullptr || StringAt(*names, required).empty()) {
      errors->Add(api::Required(npath.Child(required), ""));
    }
  }
  ValidateNames(names, npath, errors);
  ValidateShared(spec, path, layout, errors);
  crd_validation::ValidateConversion(Member(spec, "conversion"), path.Child("conversion"), errors);
}

void ValidateStoredVersions(const JsonValue& crd, api::ErrorList* errors) {
  FieldPath path = FieldPath("status").Child("storedVersions");
  std::vector<std::string> stored = Strings(Path(crd, "status.storedVersions"));
  if (stored.empty()) {
    errors->Add(api::Invalid(path, api::BadValue::StringSlice(stored),
                             "must have at least one stored version"));
    return;
  }
  std::set<std::string> remaining(stored.begin(), stored.end());
  if (const JsonValue* vs = Path(crd, "spec.versions"); vs && vs->IsArray()) {
    for (const JsonValue& v : vs->GetArray()) {
      std::string name(StringAt(v, "name"));
      bool listed = remaining.erase(name) > 0 ||
                    std::find(stored.begin(), stored.end(), name) != stored.end();
      if (Flag(v, "storage") && !listed) {
        errors->Add(api::Invalid(path, api::BadValue::StringSlice(stored),
                                 "must have the storage version " + name));
      }
    }
  }
  for (size_t i = 0; i < stored.size(); ++i) {
    if (remaining.count(stored[i]) == 0) continue;
    const std::string& v = stored[i];
    errors->Add(api::Invalid(path.Index(static_cast<int64_t>(i)), v,
                             "missing from spec.versions; " + v +
                                 " was previously a storage version, and must remain in "
                                 "spec.versions until a storage migration ensures no data "
                                 "remains persisted in " +
                                 v + " and removes " + v + " from status.storedVersions"));
  }
}

bool ProtectedGroup(std::string_view group) {
  return group == "k8s.io" || group.ends_with(".k8s.io") || group == "kubernetes.io" ||
         group.ends_with(".kubernetes.io");
}

enum class Approval { kMissing, kBypassed, kApproved, kInvalid };

// A URL with a scheme and a host ("https://github.com/...").
bool LooksLikeUrl(std::string_view v) {
  size_t colon = v.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : v.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  std::string_view rest = v.substr(colon + 3);
  return !rest.empty() && rest[0] != '/' && rest.find(' ') == std::string_view::npos;
}

// The approval annotation's value ("" when absent). Its name holds dots, so
// it is looked up as one member.
std::string_view ApprovalValue(const JsonValue& crd) {
  const JsonValue* an = Path(crd, "metadata.annotations");
  return an != nullptr && an->IsObject() ? StringAt(*an, kApprovalAnnotation) : "";
}

Approval ApprovalOf(const JsonValue& crd) {
  std::string_view a = ApprovalValue(crd);
  if (a.empty()) return Approval::kMissing;
  if (a.starts_with("unapproved")) return Approval::kBypassed;
  if (LooksLikeUrl(a)) return Approval::kApproved;
  return Approval::kInvalid;
}

void ValidateApproval(const JsonValue& crd, const JsonValue* old, api::ErrorList* errors) {
  if (!ProtectedGroup(StringAt(crd, "spec.group"))) return;
  Approval now = ApprovalOf(crd);
  if (old != nullptr && ApprovalOf(*old) == now) return;
  FieldPath path = FieldPath("metadata").Child("annotations").Key(kApprovalAnnotation);
  const std::string see = "see https://github.com/kubernetes/enhancements/pull/1111";
  std::string_view value = ApprovalValue(crd);
  if (now == Approval::kMissing) {
    errors->Add(api::Required(path, "protected groups must have approval annotation \"" +
                                        std::string(kApprovalAnnotation) + "\", " + see));
  } else if (now == Approval::kInvalid) {
    errors->Add(api::Invalid(
        path, value,
        "protected groups must have approval annotation \"" + std::string(kApprovalAnnotation) +
            "\" with either a URL or a reason starting with \"unapproved\", " + see));
  }
}

void ValidateImmutable(const JsonValue& crd, const JsonValue& old, api::ErrorList* errors) {
  FieldPath spec("spec");
  auto check = [&](const FieldPath& path, std::string_view now, std::string_view before) {
    if (now != before) errors->Add(api::Invalid(path, now, "field is immutable"));
  };
  if (ConditionTrue(old, "Established")) {
    check(spec.Child("scope"), StringAt(crd, "spec.scope"), StringAt(old, "spec.scope"));
    check(spec.Child("names").Child("kind"), StringAt(crd, "spec.names.kind"),
          StringAt(old, "spec.names.kind"));
  }
  check(spec.Child("group"), StringAt(crd, "spec.group"), StringAt(old, "spec.group"));
  check(spec.Child("names").Child("plural"), StringAt(crd, "spec.names.plural"),
        StringAt(old, "spec.names.plural"));
}

}  // namespace

void ValidateNames(const JsonValue* names, const FieldPath& path, api::ErrorList* errors) {
  if (names == nullptr || !names->IsObject()) return;
  for (const char* name : {"plural", "singular"}) {
    std::string_view v = StringAt(*names, name);
    if (auto problems = api::IsDns1035Label(v); !v.empty() && !problems.empty()) {
      errors->Add(api::Invalid(path.Child(name), v, Join(problems)));
    }
  }
  for (const char* name : {"kind", "listKind"}) {
    std::string_view v = StringAt(*names, name);
    if (auto problems = api::IsDns1035Label(Lower(v)); !v.empty() && !problems.empty()) {
      errors->Add(
          api::Invalid(path.Child(name), v,
                       "may have mixed case, but should otherwise match: " + Join(problems)));
    }
  }
  std::vector<std::string> shorts = Strings(Member(*names, "shortNames"));
  for (size_t i = 0; i < shorts.size(); ++i) {
    if (auto problems = api::IsDns1035Label(shorts[i]); !problems.empty()) {
      errors->Add(api::Invalid(path.Child("shortNames").Index(static_cast<int64_t>(i)), shorts[i],
                               Join(problems)));
    }
  }
  std::string_view kind = StringAt(*names, "kind");
  if (!kind.empty() && kind == StringAt(*names, "listKind")) {
    errors->Add(
        api::Invalid(path.Child("listKind"), kind, "kind and listKind may not be the same"));
  }
  std::vector<std::string> categories = Strings(Member(*names, "categories"));
  for (size_t i = 0; i < categories.size(); ++i) {
    if (auto problems = api::IsDns1035Label(categories[i]); !problems.empty()) {
      errors->Add(api::Invalid(path.Child("categories").Index(static_cast<int64_t>(i)),
                               categories[i], Join(problems)));
    }
  }
}

api::ErrorList ValidateCrd(const JsonValue& crd, const JsonValue* old) {
  api::ErrorList errors;
  std::string_view name = StringAt(crd, "metadata.name");
  std::string required = std::string(StringAt(crd, "spec.names.plural")) + "." +
                         std::string(StringAt(crd, "spec.group"));
  if (!name.empty() && name != required) {
    errors.Add(api::Invalid(FieldPath("metadata").Child("name"), name,
                            "must be spec.names.plural+\".\"+spec.group"));
  }
  static const Json kEmpty(rapidjson::kObjectType);
  const JsonValue* spec = Member(crd, "spec");
  ValidateSpec(spec != nullptr && spec->IsObject() ? *spec : kEmpty, FieldPath("spec"), &errors);
  if (old != nullptr) ValidateImmutable(crd, *old, &errors);
  ValidateNames(Path(crd, "status.acceptedNames"), FieldPath("status").Child("acceptedNames"),
                &errors);
  ValidateStoredVersions(crd, &errors);
  ValidateApproval(crd, old, &errors);
  if (spec != nullptr && Flag(*spec, "preserveUnknownFields")) {
    errors.Add(api::Invalid(FieldPath("spec").Child("preserveUnknownFields"),
                            api::BadValue::Bool(true),
                            "cannot set to true, set x-kubernetes-preserve-unknown-fields to true "
                            "in spec.versions[*].schema instead"));
  }
  return errors;
}

}  // namespace ekslite::apiserver
