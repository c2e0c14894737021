#include "core/api/strategic_merge_patch.h"

#include <gtest/gtest.h>

#include <string>

#include "core/api/json_tree.h"
#include "core/schema/schema.h"

namespace ekslite::api {
namespace {

const schema::Message* Kind(const std::string& group, const std::string& kind) {
  const schema::Message* m =
      schema::BuiltinSchema().FindKind(schema::GroupVersionKind{group, "v1", kind});
  EXPECT_NE(m, nullptr) << kind;
  return m;
}

const schema::Message* Pod() { return Kind("", "Pod"); }
const schema::Message* Deployment() { return Kind("apps", "Deployment"); }

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

// Applies `patch` to `original` as the server does; the result as compact
// JSON, or "error <code>: <message>".
std::string Patch(const std::string& original, const std::string& patch,
                  const schema::Message* message) {
  Json doc = Parse(original);
  auto p = ParseStrategicMergePatch(patch);
  if (!p.ok())
    return "error " + std::string(Reason(p.status().code())) + ": " + p.status().message();
  Status s = ApplyStrategicMergePatch(doc, *p, message, doc.GetAllocator());
  if (!s.ok()) return "error " + std::string(Reason(s.code())) + ": " + s.message();
  return ToJsonString(doc);
}

// A pod's spec with the given containers.
std::string PodWith(const std::string& spec) {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":)" + spec + "}";
}

// The pod spec of a Patch(PodWith(...)) result.
std::string SpecOf(const std::string& result) {
  auto doc = ParseJson(result);
  if (!doc.ok()) return result;
  const JsonValue* spec = Member(*doc, "spec");
  return spec != nullptr ? ToJsonString(*spec) : "<no spec>";
}

std::string PatchSpec(const std::string& spec, const std::string& spec_patch) {
  std::string out = Patch(PodWith(spec), R"({"spec":)" + spec_patch + "}", Pod());
  return out.rfind("error", 0) == 0 ? out : SpecOf(out);
}

TEST(StrategicMergePatchTest, MergesContainersByName) {
  EXPECT_EQ(PatchSpec(R"({"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                      R"({"containers":[{"name":"b","image":"b:2"}]})"),
            R"({"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]})");
}

TEST(StrategicMergePatchTest, NewListItemsWithoutAnOrderGoFirst) {
  // Upstream places patch items that the live list lacks before the live
  // items when no $setElementOrder says otherwise.
  EXPECT_EQ(PatchSpec(R"({"containers":[{"name":"a"},{"name":"b"}]})",
                      R"({"containers":[{"name":"c","image":"c"}]})"),
            R"({"containers":[{"name":"c","image":"c"},{"name":"a"},{"name":"b"}]})");
}

TEST(StrategicMergePatchTest, MergesPortsByContainerPortAndEnvByName) {
  std::string spec =
      R"({"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"},)"
      R"({"containerPort":443}],"env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]}]})";
  EXPECT_EQ(
      PatchSpec(spec,
                R"({"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP"}],)"
                R"("env":[{"name":"Y","value":"3"},{"name":"X","$patch":"delete"}]}]})"),
      R"({"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},)"
      R"({"containerPort":443}],"env":[{"name":"Y","value":"3"}]}]})");
}

TEST(StrategicMergePatchTest, RetainKeysDropsTheOtherVolumeSource) {
  std::string spec = R"({"containers":[],"volumes":[{"name":"v","hostPath":{"path":"/x"}},)"
                     R"({"name":"w","emptyDir":{}}]})";
  EXPECT_EQ(
      PatchSpec(spec,
                R"({"volumes":[{"name":"v","emptyDir":{},"$retainKeys":["emptyDir","name"]}]})"),
      R"({"containers":[],"volumes":[{"name":"v","emptyDir":{}},{"name":"w","emptyDir":{}}]})");
  EXPECT_EQ(PatchSpec(spec, R"({"volumes":[{"name":"v","emptyDir":{},"$retainKeys":["name"]}]})"),
            "error BadRequest: invalid patch format of retainKeys");
  EXPECT_EQ(PatchSpec(spec, R"({"volumes":[{"name":"v","$retainKeys":"name"}]})"),
            "error BadRequest: invalid patch format of retainKeys");
}

TEST(StrategicMergePatchTest, RetainKeysOnAStrategy) {
  std::string deployment =
      R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})";
  EXPECT_EQ(
      Patch(
          deployment,
          R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}})",
          Deployment()),
      R"({"spec":{"strategy":{"type":"Recreate"}}})");
}

TEST(StrategicMergePatchTest, ListsWithoutMergeStrategyAreReplaced) {
  std::string spec = R"({"containers":[{"name":"a","args":["x","y"]}],)"
                     R"("tolerations":[{"key":"a"},{"key":"b"}]})";
  EXPECT_EQ(
      PatchSpec(spec, R"({"tolerations":[{"key":"c"}],"containers":[{"name":"a","args":["z"]}]})"),
      R"({"containers":[{"name":"a","args":["z"]}],"tolerations":[{"key":"c"}]})");
}

TEST(StrategicMergePatchTest, PrimitiveMergeListsAreUnions) {
  std::string pod = R"({"metadata":{"name":"p","finalizers":["a","b"]}})";
  EXPECT_EQ(Patch(pod, R"({"metadata":{"finalizers":["c","a"]}})", Pod()),
            R"({"metadata":{"name":"p","finalizers":["c","a","b"]}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})", Pod()),
            R"({"metadata":{"name":"p","finalizers":["b"]}})");
  EXPECT_EQ(
      Patch(pod, R"({"metadata":{"$setElementOrder/finalizers":["b","c","a"],"finalizers":["c"]}})",
            Pod()),
      R"({"metadata":{"name":"p","finalizers":["b","c","a"]}})");
  // A deletion list of a list that is not there, or not a list, does nothing.
  EXPECT_EQ(Patch(R"({"metadata":{}})",
                  R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})", Pod()),
            R"({"metadata":{}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"$deleteFromPrimitiveList":["a"]}})", Pod()),
            "error BadRequest: invalid patch format of primitive list");
}

TEST(StrategicMergePatchTest, DeletionListsApplyToListsOfAnyStrategy) {
  // args has no merge strategy, but a deletion list still only deletes.
  EXPECT_EQ(PatchSpec(R"({"containers":[{"name":"a","args":["x","y","z"]}]})",
                      R"({"containers":[{"name":"a","$deleteFromPrimitiveList/args":["y"]}]})"),
            R"({"containers":[{"name":"a","args":["x","z"]}]})");
}

TEST(StrategicMergePatchTest, SetElementOrderReordersMergedItems) {
  std::string spec = R"({"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]})";
  EXPECT_EQ(
      PatchSpec(spec,
                R"({"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}]})"),
      R"({"containers":[{"name":"c"},{"name":"a"},{"name":"b"}]})");
  // A new item lands where the order puts it; items the order leaves out
  // keep their live places.
  EXPECT_EQ(
      PatchSpec(spec, R"({"$setElementOrder/containers":[{"name":"a"},{"name":"d"},{"name":"b"}],)"
                      R"("containers":[{"name":"d","image":"d"}]})"),
      R"({"containers":[{"name":"a"},{"name":"d","image":"d"},{"name":"b"},{"name":"c"}]})");
  // Items deleted by the patch are not expected in the order.
  EXPECT_EQ(PatchSpec(spec, R"({"$setElementOrder/containers":[{"name":"a"},{"name":"c"}],)"
                            R"("containers":[{"name":"b","$patch":"delete"}]})"),
            R"({"containers":[{"name":"a"},{"name":"c"}]})");
}

TEST(StrategicMergePatchTest, SetElementOrderMustAgreeWithThePatch) {
  std::string spec = R"({"containers":[{"name":"a"},{"name":"b"}]})";
  EXPECT_EQ(PatchSpec(spec, R"({"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],)"
                            R"("containers":[{"name":"b","image":"x"},{"name":"a","image":"y"}]})"),
            "error BadRequest: The order in patch list:\n"
            "[map[image:x name:b] map[image:y name:a]]\n"
            " doesn't match $setElementOrder list:\n"
            "[map[name:a] map[name:b]]\n");
  EXPECT_EQ(PatchSpec(spec, R"({"$setElementOrder/containers":"a"})"),
            "error BadRequest: expected a []interface {}, but received a string");
  EXPECT_EQ(PatchSpec(spec, R"({"$setElementOrder/containers":[{"image":"a"}]})"),
            "error BadRequest: map: map[image:a] does not contain declared merge key: name");
}

TEST(StrategicMergePatchTest, PatchReplaceAndDeleteInObjects) {
  std::string pod = R"({"metadata":{"name":"p","labels":{"a":"1","b":"2"}}})";
  EXPECT_EQ(Patch(pod, R"({"metadata":{"labels":{"$patch":"replace","c":"3"}}})", Pod()),
            R"({"metadata":{"name":"p","labels":{"c":"3"}}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"labels":{"$patch":"delete"}}})", Pod()),
            R"({"metadata":{"name":"p","labels":{}}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"labels":{"$patch":"merge","c":"3"}}})", Pod()),
            "error BadRequest: unknown patch type: merge in map: map[$patch:merge c:3]");
  // An object with a directive has nothing to add where there was nothing:
  // upstream leaves the key out.
  EXPECT_EQ(Patch(R"({"metadata":{"name":"p"}})",
                  R"({"metadata":{"annotations":{"$patch":"replace","x":"y"}}})", Pod()),
            R"({"metadata":{"name":"p"}})");
}

TEST(StrategicMergePatchTest, PatchDirectivesInLists) {
  std::string spec = R"({"containers":[{"name":"a"},{"name":"b"}]})";
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"$patch":"replace"},{"name":"x","image":"x"}]})"),
            R"({"containers":[{"name":"x","image":"x"}]})");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"name":"a","$patch":"delete"}]})"),
            R"({"containers":[{"name":"b"}]})");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"$patch":"merge"}]})"),
            "error BadRequest: merging lists cannot yet be specified in the patch");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"$patch":"delete"}]})"),
            "error BadRequest: map: map[$patch:delete] does not contain declared merge key: name");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"$patch":"bogus","name":"a"}]})"),
            "error BadRequest: unknown patch type: bogus in map: map[$patch:bogus name:a]");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"$patch":"replace"},{"image":"x"}]})"),
            "error BadRequest: map: map[image:x] does not contain declared merge key: name");
  // Directive elements are dropped from a list the live object lacks.
  EXPECT_EQ(PatchSpec(R"({"containers":[{"name":"a"}]})",
                      R"({"initContainers":[{"name":"i"},{"name":"j","$patch":"delete"}]})"),
            R"({"containers":[{"name":"a"}],"initContainers":[{"name":"i"}]})");
}

TEST(StrategicMergePatchTest, NullsDeleteKeysAndAreDroppedFromNewValues) {
  std::string pod = R"({"metadata":{"name":"p","labels":{"a":"1","b":"2"}}})";
  EXPECT_EQ(Patch(pod, R"({"metadata":{"labels":{"a":null,"c":null}}})", Pod()),
            R"({"metadata":{"name":"p","labels":{"b":"2"}}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"annotations":{"x":null,"y":"1"}}})", Pod()),
            R"({"metadata":{"name":"p","labels":{"a":"1","b":"2"},"annotations":{"y":"1"}}})");
  EXPECT_EQ(Patch(pod, R"({"metadata":{"labels":null}})", Pod()), R"({"metadata":{"name":"p"}})");
}

TEST(StrategicMergePatchTest, MapsAndUnknownKeysMergeLikeMergePatch) {
  EXPECT_EQ(Patch(R"({"metadata":{"labels":{"a":"1"}},"x":{"y":[1,2]}})",
                  R"({"metadata":{"labels":{"b":"2"}},"x":{"y":[3],"z":1}})", Pod()),
            R"({"metadata":{"labels":{"a":"1","b":"2"}},"x":{"y":[3],"z":1}})");
  // Values of another type replace.
  EXPECT_EQ(Patch(R"({"x":{"y":1}})", R"({"x":[1]})", Pod()), R"({"x":[1]})");
  EXPECT_EQ(Patch(R"({"x":[1]})", R"({"x":"s"})", nullptr), R"({"x":"s"})");
}

TEST(StrategicMergePatchTest, ErrorsUseUpstreamMessages) {
  std::string spec = R"({"containers":[{"name":"a"}]})";
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"image":"x"}]})"),
            "error BadRequest: map: map[image:x] does not contain declared merge key: name");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":["a"]})"),
            "error BadRequest: list element types are not identical: "
            "[[map[name:a]] [a]]");
  EXPECT_EQ(PatchSpec(R"({"containers":[]})", R"({"containers":[["a"]]})"),
            "error Invalid: the server rejected our request due to an error in our request");
  EXPECT_EQ(Patch("{}", "[1]", Pod()),
            "error BadRequest: json: cannot unmarshal array into Go value of type "
            "map[string]interface {}");
  EXPECT_EQ(Patch("{}", R"("s")", Pod()),
            "error BadRequest: json: cannot unmarshal string into Go value of type "
            "map[string]interface {}");
  EXPECT_EQ(Patch(R"({"a":1})", "null", Pod()), R"({"a":1})");
  EXPECT_EQ(PatchSpec(spec, R"({"containers":[{"name":1.5e7,"$patch":"x"}]})"),
            "error BadRequest: unknown patch type: x in map: map[$patch:x name:1.5e+07]");
}

// Patches as kubectl apply (1.32) computes them: a three-way diff of the
// last-applied configuration, the new file and the live object.
TEST(StrategicMergePatchTest, KubectlApplyThreeWayPatch) {
  std::string live = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",)"
                     R"("annotations":{"kubectl.kubernetes.io/last-applied-configuration":"old"},)"
                     R"("labels":{"app":"web","tier":"front"}},"spec":{"replicas":2,)"
                     R"("template":{"spec":{"containers":[{"name":"web","image":"nginx:1",)"
                     R"("env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],)"
                     R"("ports":[{"containerPort":80,"protocol":"TCP"}]},)"
                     R"({"name":"side","image":"busybox"}]}}}})";
  // The file changed the image, dropped env B and the tier label, added env
  // C and a port, and moved the sidecar first.
  std::string patch =
      R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"},)"
      R"("labels":{"tier":null}},"spec":{"template":{"spec":{"$setElementOrder/containers":)"
      R"([{"name":"side"},{"name":"web"}],"containers":[{"$setElementOrder/env":[{"name":"A"},)"
      R"({"name":"C"}],"$setElementOrder/ports":[{"containerPort":80},{"containerPort":443}],)"
      R"("env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}],"image":"nginx:2",)"
      R"("name":"web","ports":[{"containerPort":443,"protocol":"TCP"}]}]}}}})";
  EXPECT_EQ(
      Patch(live, patch, Deployment()),
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",)"
      R"("annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"},)"
      R"("labels":{"app":"web"}},"spec":{"replicas":2,"template":{"spec":{"containers":[)"
      R"({"name":"side","image":"busybox"},{"name":"web","image":"nginx:2",)"
      R"("env":[{"name":"A","value":"1"},{"name":"C","value":"3"}],)"
      R"("ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]}]}}}})");
}

TEST(StrategicMergePatchTest, KubectlApplyRemovesAFieldAndRetainsKeys) {
  std::string live =
      R"({"spec":{"replicas":3,"strategy":{"type":"RollingUpdate",)"
      R"("rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},)"
      R"("template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1"}}}]}}}})";
  std::string patch =
      R"({"spec":{"replicas":null,"strategy":{"$retainKeys":["type"],"type":"Recreate"},)"
      R"("template":{"spec":{"$setElementOrder/containers":[{"name":"c"}],)"
      R"("containers":[{"name":"c","resources":{"limits":null}}]}}}})";
  EXPECT_EQ(Patch(live, patch, Deployment()),
            R"({"spec":{"strategy":{"type":"Recreate"},"template":{"spec":{"containers":[)"
            R"({"name":"c","resources":{}}]}}}})");
}

// A patch kubectl 1.32 sent (captured with -v=10) when a manifest changed a
// label, the image, one env var, the strategy type (retainKeys) and a
// volume's source (retainKeys in a list item), applied to the live object it
// was computed against.
TEST(StrategicMergePatchTest, CapturedKubectlApplyPatch) {
  std::string live =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"kubectl.kubernetes)"
      R"(.io/last-applied-configuration":"old"},"labels":{"app":"x","tier":"front"},"name":"web"},")"
      R"(spec":{"progressDeadlineSeconds":600,"replicas":2,"revisionHistoryLimit":10,"selector":{"m)"
      R"(atchLabels":{"app":"x"}},"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"})"
      R"(,"type":"RollingUpdate"},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers)"
      R"(":[{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"busybox:1","imagePu)"
      R"(llPolicy":"IfNotPresent","name":"web","ports":[{"containerPort":8080,"protocol":"TCP"}],"r)"
      R"(esources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"F)"
      R"(ile"},{"image":"busybox:1","imagePullPolicy":"IfNotPresent","name":"side","resources":{},")"
      R"(terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPol)"
      R"(icy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","security)"
      R"(Context":{},"terminationGracePeriodSeconds":30,"volumes":[{"hostPath":{"path":"/tmp","type)"
      R"(":""},"name":"v"}]}}}})";
  std::string patch =
      R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"},"lab)"
      R"(els":{"tier":"back"}},"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"typ)"
      R"(e":"Recreate"},"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":")"
      R"(side"}],"$setElementOrder/volumes":[{"name":"v"}],"containers":[{"$setElementOrder/env":[{)"
      R"("name":"A"},{"name":"C"}],"env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}],)"
      R"("image":"busybox:2","name":"web"},{"image":"busybox:2","name":"side"}],"volumes":[{"$retai)"
      R"(nKeys":["emptyDir","name"],"emptyDir":{},"hostPath":null,"name":"v"}]}}}})";
  std::string want_spec =
      R"({"progressDeadlineSeconds":600,"replicas":2,"revisionHistoryLimit":10,)"
      R"("selector":{"matchLabels":{"app":"x"}},"strategy":{"type":"Recreate"},)"
      R"("template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[)"
      R"({"env":[{"name":"A","value":"1"},{"name":"C","value":"3"}],"image":"busybox:2",)"
      R"("imagePullPolicy":"IfNotPresent","name":"web","ports":[{"containerPort":8080,)"
      R"("protocol":"TCP"}],"resources":{},"terminationMessagePath":"/dev/termination-log",)"
      R"("terminationMessagePolicy":"File"},{"image":"busybox:2","imagePullPolicy":"IfNotPresent",)"
      R"("name":"side","resources":{},"terminationMessagePath":"/dev/termination-log",)"
      R"("terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always",)"
      R"("schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30,)"
      R"("volumes":[{"emptyDir":{},"name":"v"}]}}})";
  std::string got = Patch(live, patch, Deployment());
  Json result = Parse(got);
  ASSERT_TRUE(result.IsObject()) << got;
  EXPECT_TRUE(JsonEqual(*Member(result, "spec"), Parse(want_spec))) << got;
  EXPECT_EQ(ToJsonString(*Path(result, "metadata.labels")), R"({"app":"x","tier":"back"})");
  const JsonValue* annotation = Member(*Path(result, "metadata.annotations"),
                                       "kubectl.kubernetes.io/last-applied-configuration");
  ASSERT_NE(annotation, nullptr);
  EXPECT_EQ(View(*annotation), "new");
}

}  // namespace
}  // namespace ekslite::api
