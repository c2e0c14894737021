#include "apiserver/version.h"

namespace ekslite::apiserver {

std::string GitVersion() { return std::string(kKubernetesVersion) + "+" + kEksliteBuild; }

std::string VersionJson() {
  return R"json({"major":"1","minor":"32","gitVersion":")json" + GitVersion() +
         R"json(","gitCommit":"unknown","gitTreeState":"clean","buildDate":")json" __DATE__
         R"json(","goVersion":"none (C++)","compiler":"gcc","platform":"linux/amd64"})json";
}

}  // namespace ekslite::apiserver
