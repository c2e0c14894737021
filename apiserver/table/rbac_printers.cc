#include "apiserver/table/rbac_printers.h"

#include "apiserver/table/table.h"

namespace ekslite::apiserver {
namespace {

struct SubjectLists {
  std::string users, groups, service_accounts;
};

void Join(std::string* list, std::string_view item) {
  if (!list->empty()) *list += ", ";
  *list += item;
}

// Upstream's SubjectsStrings: service accounts as "ns/name" (just the name
// without a namespace).
SubjectLists Subjects(const JsonValue& binding) {
  SubjectLists out;
  const JsonValue* subjects = Member(binding, "subjects");
  if (subjects == nullptr || !subjects->IsArray()) return out;
  for (const JsonValue& s : subjects->GetArray()) {
    std::string_view kind = StringAt(s, "kind");
    std::string_view name = StringAt(s, "name");
    if (kind == "User") {
      Join(&out.users, name);
    } else if (kind == "Group") {
      Join(&out.groups, name);
    } else if (kind == "ServiceAccount") {
      std::string_view ns = StringAt(s, "namespace");
      Join(&out.service_accounts, ns.empty() ? std::string(name) : std::string(ns) + "/" +
                                                                       std::string(name));
    }
  }
  return out;
}

}  // namespace

void UseRoleTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  {"Created At", "date", "", "When the object was created.", 0}};
  info.row = [](const JsonValue& o, Clock::time_point, std::vector<std::string>* c) {
    c->push_back(StringCell(StringAt(o, "metadata.name")));
    c->push_back(StringCell(StringAt(o, "metadata.creationTimestamp")));
  };
}

void UseRoleBindingTable(ResourceInfo& info) {
  info.columns = {NameColumn(),
                  {"Role", "string", "", "The role the binding grants.", 0},
                  AgeColumn(),
                  {"Users", "string", "", "Users in the binding.", 1},
                  {"Groups", "string", "", "Groups in the binding.", 1},
                  {"ServiceAccounts", "string", "", "ServiceAccounts in the binding.", 1}};
  info.row = [](const JsonValue& o, Clock::time_point now, std::vector<std::string>* c) {
    c->push_back(StringCell(StringAt(o, "metadata.name")));
    c->push_back(StringCell(std::string(StringAt(o, "roleRef.kind")) + "/" +
                            std::string(StringAt(o, "roleRef.name"))));
    c->push_back(StringCell(AgeOf(o, now)));
    SubjectLists s = Subjects(o);
    c->push_back(StringCell(s.users));
    c->push_back(StringCell(s.groups));
    c->push_back(StringCell(s.service_accounts));
  };
}

}  // namespace ekslite::apiserver
