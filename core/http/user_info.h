// UserInfo: who made a request, as authentication established it. Shared by
// the apiserver (which authenticates) and the loopback transport (which
// states a fixed identity for in-process callers).
#ifndef EKSLITE_CORE_HTTP_USER_INFO_H_
#define EKSLITE_CORE_HTTP_USER_INFO_H_

#include <map>
#include <string>
#include <vector>

namespace ekslite::http {

struct UserInfo {
  std::string name;  // "admin", "system:serviceaccount:ns:sa", "system:anonymous"
  std::string uid;
  std::vector<std::string> groups;  // includes "system:authenticated" when authenticated
  std::map<std::string, std::vector<std::string>> extra;
};

}  // namespace ekslite::http

#endif  // EKSLITE_CORE_HTTP_USER_INFO_H_
