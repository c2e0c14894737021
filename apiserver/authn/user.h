// UserInfo: who made a request, as authentication established it.
#ifndef EKSLITE_APISERVER_AUTHN_USER_H_
#define EKSLITE_APISERVER_AUTHN_USER_H_

#include <map>
#include <string>
#include <vector>

namespace ekslite::apiserver {

struct UserInfo {
  std::string name;  // "admin", "system:serviceaccount:ns:sa", "system:anonymous"
  std::string uid;
  std::vector<std::string> groups;  // includes "system:authenticated" when authenticated
  std::map<std::string, std::vector<std::string>> extra;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHN_USER_H_
