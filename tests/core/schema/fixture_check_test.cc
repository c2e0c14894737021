// Decodes every upstream round-trip fixture (.pb) and compares it with the
// same object's .json. Developer-side only: runs when EKSLITE_FIXTURES_DIR
// names the fixtures folder (hack/check-fixtures.sh sets it); skipped
// otherwise, so the suite never depends on files outside the repository.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/protobuf/decoder.h"
#include "core/schema/schema.h"

namespace ekslite {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "apps.v1.Deployment" -> apps/v1 Deployment; "core.v1.Pod" -> v1 Pod.
schema::GroupVersionKind KindOfFixture(const std::string& stem) {
  size_t kind_dot = stem.rfind('.');
  size_t version_dot = stem.rfind('.', kind_dot - 1);
  std::string group = stem.substr(0, version_dot);
  return {group == "core" ? "" : group, stem.substr(version_dot + 1, kind_dot - version_dot - 1),
          stem.substr(kind_dot + 1)};
}

// Decodes one fixture; "" when it matches its JSON, else what differs.
std::string CheckFixture(const std::filesystem::path& pb) {
  const schema::Schema& s = schema::BuiltinSchema();
  std::string body = ReadFile(pb);
  auto envelope = protobuf::ParseEnvelope(body);
  if (!envelope.ok()) return envelope.status().ToString();
  StatusOr<Json> got = Status::Internal("unset");
  if (envelope->kind.empty()) {
    // WatchEvent's fixture has an empty type in its envelope.
    const schema::Message* m = s.FindKind(KindOfFixture(pb.stem().string()));
    if (m == nullptr) return "no kind for " + pb.stem().string();
    got = protobuf::DecodeMessage(s, m->name, envelope->raw);
  } else {
    got = protobuf::DecodeObject(s, body);
  }
  if (!got.ok()) return got.status().ToString();
  std::filesystem::path json_path = pb;
  json_path.replace_extension(".json");
  auto want = ParseJson(ReadFile(json_path));
  if (!want.ok()) return "bad fixture json: " + want.status().ToString();
  if (*got == *want) return "";
  return "got  " + ToJsonString(*got) + "\nwant " + ToJsonString(*want);
}

TEST(FixtureCheck, EveryFixtureDecodesToItsJson) {
  const char* dir = std::getenv("EKSLITE_FIXTURES_DIR");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "EKSLITE_FIXTURES_DIR is not set";
  std::vector<std::filesystem::path> fixtures;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".pb") fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  int matched = 0;
  for (const auto& pb : fixtures) {
    std::string diff = CheckFixture(pb);
    if (diff.empty()) {
      ++matched;
    } else {
      ADD_FAILURE() << pb.filename().string() << ":\n" << diff;
    }
  }
  std::printf("fixtures: %d of %zu decode to their JSON\n", matched, fixtures.size());
  EXPECT_GT(fixtures.size(), 0u);
  EXPECT_EQ(matched, static_cast<int>(fixtures.size()));
}

}  // namespace
}  // namespace ekslite
