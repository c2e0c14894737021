// The apiserver handler over the memory store, driven with real HTTP
// requests: CRUD, concurrency control, selectors, paging, watch, tables,
// discovery and errors.
#include <gtest/gtest.h>

#include "tests/testing/test_api.h"

namespace ekslite::testing {
namespace {

constexpr const char* kCms = "/api/v1/namespaces/default/configmaps";

std::string ConfigMap(const std::string& name, const std::string& labels = "{}") {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name + R"(","labels":)" +
         labels + R"(},"data":{"a":"b"}})";
}

class ApiHandlerTest : public ::testing::Test {
 protected:
  TestApi api_;
};

TEST_F(ApiHandlerTest, CreateFillsMetadataAndGetReturnsIt) {
  TestResponse r = api_.Post(kCms, ConfigMap("c1"));
  ASSERT_EQ(r.code, 201) << r.body;
  Json created = r.Parsed();
  EXPECT_EQ(StringAt(created, "metadata.namespace"), "default");
  EXPECT_EQ(StringAt(created, "metadata.uid").size(), 36u);
  EXPECT_FALSE(StringAt(created, "metadata.resourceVersion").empty());
  EXPECT_FALSE(StringAt(created, "metadata.creationTimestamp").empty());
  TestResponse g = api_.Get(std::string(kCms) + "/c1");
  ASSERT_EQ(g.code, 200);
  EXPECT_EQ(g.body, r.body);
}

TEST_F(ApiHandlerTest, ErrorsAreStatusObjects) {
  TestResponse nf = api_.Get(std::string(kCms) + "/nope");
  EXPECT_EQ(nf.code, 404);
  Json s = nf.Parsed();
  EXPECT_EQ(StringAt(s, "kind"), "Status");
  EXPECT_EQ(StringAt(s, "reason"), "NotFound");
  EXPECT_EQ(StringAt(s, "message"), "configmaps \"nope\" not found");
  EXPECT_EQ(StringAt(s, "details.kind"), "configmaps");

  ASSERT_EQ(api_.Post(kCms, ConfigMap("dup")).code, 201);
  TestResponse dup = api_.Post(kCms, ConfigMap("dup"));
  EXPECT_EQ(dup.code, 409);
  EXPECT_EQ(StringAt(dup.Parsed(), "reason"), "AlreadyExists");

  TestResponse bad = api_.Post(kCms, "{\"apiVersion\":");
  EXPECT_EQ(bad.code, 400);
  TestResponse ns = api_.Post("/api/v1/namespaces/missing/configmaps", ConfigMap("x"));
  EXPECT_EQ(ns.code, 404);
  EXPECT_EQ(StringAt(ns.Parsed(), "message"), "namespaces \"missing\" not found");
  TestResponse invalid = api_.Post(kCms, ConfigMap("Not_Valid"));
  EXPECT_EQ(invalid.code, 422);
  Json inv = invalid.Parsed();
  EXPECT_EQ(StringAt(inv, "reason"), "Invalid");
  ASSERT_NE(Path(inv, "details.causes"), nullptr);
  EXPECT_EQ(StringAt((*Path(inv, "details.causes"))[0], "field"), "metadata.name");
  TestResponse noname = api_.Post(kCms, R"({"metadata":{}})");
  EXPECT_EQ(noname.code, 422);
  EXPECT_NE(StringAt(noname.Parsed(), "message").find("name or generateName is required"),
            std::string_view::npos);
}

TEST_F(ApiHandlerTest, GenerateNameMakesUniqueNames) {
  TestResponse a = api_.Post(kCms, R"({"metadata":{"generateName":"gen-"}})");
  TestResponse b = api_.Post(kCms, R"({"metadata":{"generateName":"gen-"}})");
  ASSERT_EQ(a.code, 201);
  ASSERT_EQ(b.code, 201);
  std::string na(StringAt(a.Parsed(), "metadata.name")), nb(StringAt(b.Parsed(), "metadata.name"));
  EXPECT_EQ(na.size(), 9u);
  EXPECT_EQ(na.rfind("gen-", 0), 0u);
  EXPECT_NE(na, nb);
}

TEST_F(ApiHandlerTest, StaleUpdateConflictsAndFreshUpdateWins) {
  Json c = api_.Post(kCms, ConfigMap("u")).Parsed();
  std::string rv(StringAt(c, "metadata.resourceVersion"));
  std::string put =
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u","resourceVersion":")" + rv +
      R"("},"data":{"a":"2"}})";
  TestResponse ok = api_.Do(http::Verb::put, std::string(kCms) + "/u", put);
  ASSERT_EQ(ok.code, 200) << ok.body;
  EXPECT_NE(StringAt(ok.Parsed(), "metadata.resourceVersion"), rv);
  EXPECT_EQ(StringAt(ok.Parsed(), "metadata.uid"), StringAt(c, "metadata.uid"));
  TestResponse stale = api_.Do(http::Verb::put, std::string(kCms) + "/u", put);
  EXPECT_EQ(stale.code, 409);
  EXPECT_EQ(StringAt(stale.Parsed(), "reason"), "Conflict");
  EXPECT_NE(StringAt(stale.Parsed(), "message").find("the object has been modified"),
            std::string_view::npos);
}

TEST_F(ApiHandlerTest, NoOpUpdateKeepsResourceVersion) {
  Json c = api_.Post(kCms, ConfigMap("same")).Parsed();
  TestResponse p = api_.Do(http::Verb::patch, std::string(kCms) + "/same", R"({"data":{"a":"b"}})",
                           "application/merge-patch+json");
  ASSERT_EQ(p.code, 200);
  EXPECT_EQ(StringAt(p.Parsed(), "metadata.resourceVersion"),
            StringAt(c, "metadata.resourceVersion"));
}

TEST_F(ApiHandlerTest, MergeAndJsonPatches) {
  ASSERT_EQ(api_.Post(kCms, ConfigMap("p")).code, 201);
  TestResponse m = api_.Do(http::Verb::patch, std::string(kCms) + "/p",
                           R"({"metadata":{"labels":{"x":"1"}},"data":{"a":null,"c":"d"}})",
                           "application/merge-patch+json");
  ASSERT_EQ(m.code, 200) << m.body;
  EXPECT_EQ(ToJsonString(*Path(m.Parsed(), "data")), R"({"c":"d"})");
  TestResponse j =
      api_.Do(http::Verb::patch, std::string(kCms) + "/p",
              R"([{"op":"add","path":"/data/e","value":"f"}])", "application/json-patch+json");
  ASSERT_EQ(j.code, 200) << j.body;
  EXPECT_EQ(StringAt(j.Parsed(), "data.e"), "f");
  TestResponse failed =
      api_.Do(http::Verb::patch, std::string(kCms) + "/p",
              R"([{"op":"test","path":"/data/e","value":"nope"}])", "application/json-patch+json");
  EXPECT_EQ(failed.code, 422);
  TestResponse unknown = api_.Do(http::Verb::patch, std::string(kCms) + "/p", "{}", "text/plain");
  EXPECT_EQ(unknown.code, 415);
  TestResponse missing =
      api_.Do(http::Verb::patch, std::string(kCms) + "/nope", "{}", "application/merge-patch+json");
  EXPECT_EQ(missing.code, 404);
}

TEST_F(ApiHandlerTest, SelectorsFilterLists) {
  ASSERT_EQ(api_.Post(kCms, ConfigMap("web", R"({"tier":"web"})")).code, 201);
  ASSERT_EQ(api_.Post(kCms, ConfigMap("db", R"({"tier":"db"})")).code, 201);
  ASSERT_EQ(api_.Post(kCms, ConfigMap("none")).code, 201);
  auto names = [&](const std::string& query) {
    Json list = api_.Get(std::string(kCms) + "?" + query).Parsed();
    std::vector<std::string> out;
    for (const JsonValue& i : (*Path(list, "items")).GetArray())
      out.emplace_back(StringAt(i, "metadata.name"));
    return out;
  };
  EXPECT_EQ(names("labelSelector=tier%3Dweb"), (std::vector<std::string>{"web"}));
  EXPECT_EQ(names("labelSelector=tier"), (std::vector<std::string>{"db", "web"}));
  EXPECT_EQ(names("labelSelector=!tier"), (std::vector<std::string>{"none"}));
  EXPECT_EQ(names("labelSelector=tier%20in%20(db,x)"), (std::vector<std::string>{"db"}));
  EXPECT_EQ(names("fieldSelector=metadata.name%3Dnone"), (std::vector<std::string>{"none"}));
  EXPECT_EQ(names("fieldSelector=metadata.name!%3Dnone&labelSelector=tier!%3Dweb"),
            (std::vector<std::string>{"db"}));
  EXPECT_EQ(api_.Get(std::string(kCms) + "?fieldSelector=spec.x%3Dy").code, 400);
}

TEST_F(ApiHandlerTest, PagesAreConsistentSnapshots) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(api_.Post(kCms, ConfigMap("p" + std::to_string(i))).code, 201);
  Json first = api_.Get(std::string(kCms) + "?limit=2").Parsed();
  ASSERT_EQ((*Path(first, "items")).Size(), 2u);
  std::string token(StringAt(first, "metadata.continue"));
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(IntAt(first, "metadata.remainingItemCount"), 3);
  // Changes after the first page do not show up in the next ones.
  ASSERT_EQ(api_.Do(http::Verb::delete_, std::string(kCms) + "/p3").code, 200);
  ASSERT_EQ(api_.Post(kCms, ConfigMap("p9")).code, 201);
  std::vector<std::string> rest;
  std::vector<int64_t> remaining;
  while (!token.empty()) {
    Json page = api_.Get(std::string(kCms) + "?limit=2&continue=" + token).Parsed();
    EXPECT_EQ(StringAt(page, "metadata.resourceVersion"),
              StringAt(first, "metadata.resourceVersion"));
    for (const JsonValue& i : (*Path(page, "items")).GetArray())
      rest.emplace_back(StringAt(i, "metadata.name"));
    token = StringAt(page, "metadata.continue");
    if (!token.empty())
      remaining.push_back(IntAt(page, "metadata.remainingItemCount").value_or(-1));
  }
  EXPECT_EQ(rest, (std::vector<std::string>{"p2", "p3", "p4"}));
  EXPECT_EQ(remaining, (std::vector<int64_t>{1}));
  EXPECT_EQ(api_.Get(std::string(kCms) + "?continue=garbage!").code, 400);
}

TEST_F(ApiHandlerTest, WatchFromResourceVersionSeesEveryChangeInOrder) {
  Json list = api_.Get(kCms).Parsed();
  std::string rv(StringAt(list, "metadata.resourceVersion"));
  ASSERT_EQ(api_.Post(kCms, ConfigMap("w")).code, 201);
  TestResponse watch = api_.Get(std::string(kCms) + "?watch=true&resourceVersion=" + rv);
  ASSERT_EQ(watch.code, 200);
  ASSERT_NE(watch.stream, nullptr);
  ASSERT_EQ(api_.Do(http::Verb::patch, std::string(kCms) + "/w", R"({"data":{"a":"c"}})",
                    "application/merge-patch+json")
                .code,
            200);
  ASSERT_EQ(api_.Do(http::Verb::delete_, std::string(kCms) + "/w").code, 200);
  std::vector<Json> events = ReadEvents(*watch.stream, 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(StringAt(events[0], "type"), "ADDED");
  EXPECT_EQ(StringAt(events[1], "type"), "MODIFIED");
  EXPECT_EQ(StringAt(events[1], "object.data.a"), "c");
  EXPECT_EQ(StringAt(events[2], "type"), "DELETED");
  int64_t r1 = std::stoll(std::string(StringAt(events[1], "object.metadata.resourceVersion")));
  int64_t r2 = std::stoll(std::string(StringAt(events[2], "object.metadata.resourceVersion")));
  EXPECT_LT(r1, r2);
}

TEST_F(ApiHandlerTest, WatchWithSelectorSeesObjectsLeaveAsDeleted) {
  ASSERT_EQ(api_.Post(kCms, ConfigMap("s", R"({"app":"x"})")).code, 201);
  TestResponse watch = api_.Get(std::string(kCms) + "?watch=1&labelSelector=app%3Dx");
  ASSERT_EQ(api_.Do(http::Verb::patch, std::string(kCms) + "/s",
                    R"({"metadata":{"labels":{"app":"y"}}})", "application/merge-patch+json")
                .code,
            200);
  std::vector<Json> events = ReadEvents(*watch.stream, 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(StringAt(events[0], "type"), "ADDED");  // the initial state
  EXPECT_EQ(StringAt(events[1], "type"), "DELETED");
}

TEST_F(ApiHandlerTest, WatchTimesOut) {
  TestResponse watch = api_.Get(std::string(kCms) + "?watch=1&timeoutSeconds=1&resourceVersion=1");
  auto start = std::chrono::steady_clock::now();
  std::vector<Json> events = ReadEvents(*watch.stream, 100, std::chrono::milliseconds(5000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3000));
}

TEST_F(ApiHandlerTest, TableOutputHasColumnsAndRows) {
  ASSERT_EQ(api_.Post(kCms, ConfigMap("t")).code, 201);
  TestResponse r =
      api_.Do(http::Verb::get, kCms, "", "",
              {{"Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"}});
  ASSERT_EQ(r.code, 200);
  Json t = r.Parsed();
  EXPECT_EQ(StringAt(t, "kind"), "Table");
  const JsonValue& cols = *Path(t, "columnDefinitions");
  EXPECT_EQ(StringAt(cols[0], "name"), "Name");
  EXPECT_EQ(StringAt(cols[1], "name"), "Data");
  const JsonValue& row = (*Path(t, "rows"))[0];
  EXPECT_EQ(View(row["cells"][0]), "t");
  EXPECT_EQ(row["cells"][1].GetInt(), 1);
  EXPECT_EQ(StringAt(row, "object.kind"), "PartialObjectMetadata");
}

TEST_F(ApiHandlerTest, DiscoveryServesAggregatedAndLegacy) {
  TestResponse agg = api_.Do(
      http::Verb::get, "/api", "", "",
      {{"Accept",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"}});
  EXPECT_EQ(agg.content_type,
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  EXPECT_NE(agg.body.find("\"shortNames\":[\"cm\"]"), std::string::npos);
  TestResponse legacy = api_.Get("/api/v1");
  EXPECT_EQ(legacy.code, 200);
  EXPECT_NE(legacy.body.find("\"name\":\"pods/status\""), std::string::npos);
  TestResponse groups = api_.Get("/apis");
  EXPECT_NE(groups.body.find("coordination.k8s.io"), std::string::npos);
  EXPECT_EQ(api_.Get("/apis/coordination.k8s.io").code, 200);
  EXPECT_EQ(api_.Get("/apis/nope.example.com/v1").code, 404);
}

TEST_F(ApiHandlerTest, BootstrapCreatesSystemObjects) {
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    TestResponse r = api_.Get(std::string("/api/v1/namespaces/") + ns);
    ASSERT_EQ(r.code, 200) << ns;
    EXPECT_EQ(StringAt(r.Parsed(), "status.phase"), "Active");
  }
  Json svc = api_.Get("/api/v1/namespaces/default/services/kubernetes").Parsed();
  EXPECT_EQ(StringAt(svc, "spec.clusterIP"), "10.96.0.1");
}

TEST_F(ApiHandlerTest, NamespaceDeletionTerminatesAndBlocksNewContent) {
  ASSERT_EQ(api_.Post("/api/v1/namespaces", R"({"metadata":{"name":"gone"}})").code, 201);
  TestResponse d = api_.Do(http::Verb::delete_, "/api/v1/namespaces/gone");
  ASSERT_EQ(d.code, 200) << d.body;
  Json ns = api_.Get("/api/v1/namespaces/gone").Parsed();
  EXPECT_EQ(StringAt(ns, "status.phase"), "Terminating");
  TestResponse c = api_.Post("/api/v1/namespaces/gone/configmaps", ConfigMap("x"));
  EXPECT_EQ(c.code, 403);
}

TEST_F(ApiHandlerTest, ServicesGetClusterIpsAndDefaults) {
  TestResponse r = api_.Post(
      "/api/v1/namespaces/default/services",
      R"({"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}})");
  ASSERT_EQ(r.code, 201) << r.body;
  Json svc = r.Parsed();
  EXPECT_EQ(StringAt(svc, "spec.type"), "ClusterIP");
  EXPECT_EQ(StringAt(svc, "spec.clusterIP").rfind("10.", 0), 0u);
  EXPECT_EQ(StringAt((*Path(svc, "spec.ports"))[0], "protocol"), "TCP");
  EXPECT_EQ(IntAt((*Path(svc, "spec.ports"))[0], "targetPort"), 80);
  TestResponse taken = api_.Post(
      "/api/v1/namespaces/default/services",
      R"({"metadata":{"name":"b"},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":80}]}})");
  EXPECT_EQ(taken.code, 422);
}

TEST_F(ApiHandlerTest, PodsGetDefaults) {
  TestResponse r = api_.Post(
      "/api/v1/namespaces/default/pods",
      R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_EQ(r.code, 201) << r.body;
  Json pod = r.Parsed();
  EXPECT_EQ(StringAt(pod, "spec.restartPolicy"), "Always");
  EXPECT_EQ(StringAt(pod, "spec.schedulerName"), "default-scheduler");
  EXPECT_EQ(StringAt((*Path(pod, "spec.containers"))[0], "imagePullPolicy"), "Always");
  EXPECT_EQ(StringAt(pod, "status.phase"), "Pending");
  EXPECT_EQ(StringAt(pod, "status.qosClass"), "BestEffort");
  TestResponse bad =
      api_.Post("/api/v1/namespaces/default/pods", R"({"metadata":{"name":"q"},"spec":{}})");
  EXPECT_EQ(bad.code, 422);
}

}  // namespace
}  // namespace ekslite::testing

namespace ekslite::testing {
namespace {

TEST(EventsApiTest, EventsV1AndCoreV1AreOneStorage) {
  TestApi api;
  TestResponse created = api.Post(
      "/apis/events.k8s.io/v1/namespaces/default/events",
      R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},)"
      R"("regarding":{"kind":"Pod","name":"p1","namespace":"default"},"note":"hello",)"
      R"("reason":"Started","type":"Normal","reportingController":"kubelet",)"
      R"("reportingInstance":"n1","action":"Start","eventTime":"2024-01-01T00:00:00.000000Z"})");
  ASSERT_EQ(created.code, 201) << created.body;
  EXPECT_EQ(StringAt(created.Parsed(), "note"), "hello");
  Json core = api.Get("/api/v1/namespaces/default/events/e1").Parsed();
  EXPECT_EQ(StringAt(core, "apiVersion"), "v1");
  EXPECT_EQ(StringAt(core, "message"), "hello");
  EXPECT_EQ(StringAt(core, "involvedObject.name"), "p1");
  TestResponse listed =
      api.Get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dp1");
  EXPECT_NE(listed.body.find("\"e1\""), std::string::npos);
  TestResponse patched =
      api.Do(http::Verb::patch, "/apis/events.k8s.io/v1/namespaces/default/events/e1",
             R"({"note":"changed"})", "application/merge-patch+json");
  ASSERT_EQ(patched.code, 200) << patched.body;
  EXPECT_EQ(StringAt(patched.Parsed(), "note"), "changed");
  EXPECT_EQ(StringAt(api.Get("/api/v1/namespaces/default/events/e1").Parsed(), "message"),
            "changed");
}

}  // namespace
}  // namespace ekslite::testing

namespace ekslite::testing {
namespace {

TEST(WatchHistoryTest, WatchBeyondTheHistoryIsExpiredAndBookmarksFollowProgress) {
  apiserver::ApiHandlerOptions options;
  options.watch_history = 3;
  options.bookmark_interval = std::chrono::milliseconds(100);
  TestApi api(options);
  std::string first(StringAt(api.Post(kCms, ConfigMap("h0")).Parsed(), "metadata.resourceVersion"));
  for (int i = 1; i < 6; ++i)
    ASSERT_EQ(api.Post(kCms, ConfigMap("h" + std::to_string(i))).code, 201);
  TestResponse old = api.Get(std::string(kCms) + "?watch=1&resourceVersion=" + first);
  ASSERT_EQ(old.code, 200);
  Json error = old.Parsed();
  EXPECT_EQ(StringAt(error, "type"), "ERROR");
  EXPECT_EQ(IntAt(error, "object.code"), 410);
  EXPECT_EQ(StringAt(error, "object.reason"), "Expired");
  TestResponse cont = api.Get(std::string(kCms) + "?limit=1");
  std::string token(StringAt(cont.Parsed(), "metadata.continue"));
  for (int i = 6; i < 10; ++i)
    ASSERT_EQ(api.Post(kCms, ConfigMap("h" + std::to_string(i))).code, 201);
  EXPECT_EQ(api.Get(std::string(kCms) + "?limit=1&continue=" + token).code, 410);

  std::string now(StringAt(api.Get(kCms).Parsed(), "metadata.resourceVersion"));
  TestResponse watch =
      api.Get(std::string(kCms) + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + now);
  std::vector<Json> events = ReadEvents(*watch.stream, 1, std::chrono::milliseconds(3000));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(StringAt(events[0], "type"), "BOOKMARK");
  EXPECT_EQ(StringAt(events[0], "object.metadata.resourceVersion"), now);
}

}  // namespace
}  // namespace ekslite::testing
