#include "kubelet/simulated_runtime.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <string>

namespace ekslite::kubelet {
namespace {

// The annotation `key` for `container`: "key.<container>" first, then "key".
std::optional<std::string_view> Annotation(const JsonValue& pod, std::string_view key,
                                           std::string_view container) {
  const JsonValue* annotations = Path(pod, "metadata.annotations");
  if (annotations == nullptr || !annotations->IsObject()) return std::nullopt;
  std::string specific = std::string(key) + "." + std::string(container);
  if (const JsonValue* v = Member(*annotations, specific); v != nullptr && v->IsString()) {
    return View(*v);
  }
  if (const JsonValue* v = Member(*annotations, key); v != nullptr && v->IsString()) {
    return View(*v);
  }
  return std::nullopt;
}

std::string Hex(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

// A stable digest-looking hex string of `text`, `words` * 16 characters.
std::string FakeDigest(std::string_view text, int words) {
  std::string out;
  uint64_t h = std::hash<std::string_view>{}(text);
  for (int i = 0; i < words; ++i) {
    out += Hex(h);
    h = h * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(i) + 1;
  }
  return out;
}

// The image name without its tag or digest, "docker.io/library/" completed
// as container runtimes report it.
std::string ImageRepository(std::string_view image) {
  std::string_view name = image.substr(0, image.find('@'));
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    name = name.substr(0, colon);
  }
  std::string repo(name);
  size_t first = repo.find('/');
  std::string_view host = first == std::string::npos ? "" : std::string_view(repo).substr(0, first);
  bool has_host = host.find('.') != std::string_view::npos ||
                  host.find(':') != std::string_view::npos || host == "localhost";
  if (first == std::string::npos) return "docker.io/library/" + repo;
  if (!has_host) return "docker.io/" + repo;
  return repo;
}

// When a probe first runs: initialDelaySeconds after `from`.
Clock::time_point FirstProbe(const JsonValue& probe, Clock::time_point from) {
  return from + std::chrono::seconds(IntAt(probe, "initialDelaySeconds").value_or(0));
}

// When a probe that always fails has failed failureThreshold (default 3)
// times in a row, periodSeconds (default 10) apart, starting at `first`.
Clock::time_point GivesUp(const JsonValue& probe, Clock::time_point first) {
  int64_t period = std::max<int64_t>(1, IntAt(probe, "periodSeconds").value_or(10));
  int64_t threshold = std::max<int64_t>(1, IntAt(probe, "failureThreshold").value_or(3));
  return first + std::chrono::seconds(period * (threshold - 1));
}

const JsonValue* Probe(const JsonValue& container, std::string_view kind) {
  const JsonValue* probe = Member(container, kind);
  return probe != nullptr && probe->IsObject() ? probe : nullptr;
}

bool RunsUntilDeleted(const JsonValue& pod, const JsonValue& container) {
  // A sidecar: an init container whose own restartPolicy is Always.
  if (StringAt(container, "restartPolicy") == "Always") return true;
  bool is_init = false;
  if (const JsonValue* inits = Path(pod, "spec.initContainers"); inits && inits->IsArray()) {
    for (const JsonValue& c : inits->GetArray()) is_init |= (&c == &container);
  }
  if (is_init) return false;
  std::string_view policy = StringAt(pod, "spec.restartPolicy", "Always");
  return policy == "Always";
}

class SimulatedRuntime final : public Runtime {
 public:
  std::string_view name() const override { return "simulated"; }
  std::string version() const override { return "sim://1.0.0"; }

  StatusOr<StartedContainer> StartContainer(const JsonValue& pod, const JsonValue& container,
                                            int attempt, Clock::time_point now) override {
    std::string_view image = StringAt(container, "image");
    StartedContainer started;
    std::string seed = std::string(StringAt(pod, "metadata.uid")) + "/" +
                       std::string(StringAt(container, "name")) + "/" + std::to_string(attempt);
    started.container_id = "sim://" + FakeDigest(seed, 4);
    started.image = std::string(image);
    started.image_id = ImageRepository(image) + "@sha256:" + FakeDigest(image, 4);
    return started;
  }

  ContainerObservation Observe(const JsonValue& pod, const JsonValue& container,
                               std::string_view container_id, Clock::time_point started_at,
                               Clock::time_point now) override {
    std::string_view name = StringAt(container, "name");
    ContainerObservation obs;
    // The startup probe passes at its first run; readiness and liveness
    // probes start after it.
    Clock::time_point started = started_at;
    if (const JsonValue* startup = Probe(container, "startupProbe")) {
      started = FirstProbe(*startup, started_at);
    }
    std::optional<Clock::time_point> killed_at;
    const JsonValue* liveness = Probe(container, "livenessProbe");
    if (liveness != nullptr && Annotation(pod, kLiveAnnotation, name).value_or("true") == "false") {
      killed_at = GivesUp(*liveness, std::max(started, FirstProbe(*liveness, started_at)));
    }
    std::optional<std::chrono::milliseconds> run_time;
    if (auto text = Annotation(pod, kExitAfterAnnotation, name)) run_time = ParseSimDuration(*text);
    if (!run_time && !RunsUntilDeleted(pod, container)) run_time = kDefaultRunTime;
    std::optional<Clock::time_point> exit_at;
    if (run_time) exit_at = started_at + *run_time;
    if (killed_at && (!exit_at || *killed_at < *exit_at)) {
      exit_at.reset();  // killed before it would have exited
    } else {
      killed_at.reset();
    }
    if (killed_at) {
      if (*killed_at <= now) {
        obs.exited = true;
        obs.liveness_failed = true;
        obs.finished_at = *killed_at;
        obs.exit_code = kKilledExitCode;
        return obs;
      }
      obs.next_change = *killed_at;
    }
    if (exit_at) {
      if (*exit_at <= now) {
        obs.exited = true;
        obs.finished_at = *exit_at;
        if (auto code = Annotation(pod, kExitCodeAnnotation, name)) {
          std::from_chars(code->data(), code->data() + code->size(), obs.exit_code);
        }
        return obs;
      }
      obs.next_change = *exit_at;
    }
    obs.started = started <= now;
    if (!obs.started) {
      obs.next_change = std::min(obs.next_change, started);
      return obs;
    }
    if (Annotation(pod, kReadyAnnotation, name).value_or("true") == "false") return obs;
    const JsonValue* readiness = Probe(container, "readinessProbe");
    Clock::time_point ready_at =
        readiness == nullptr ? started : std::max(started, FirstProbe(*readiness, started_at));
    obs.ready = ready_at <= now;
    if (!obs.ready) obs.next_change = std::min(obs.next_change, ready_at);
    return obs;
  }

  void StopPod(std::string_view pod_uid) override {}
};

}  // namespace

std::optional<std::chrono::milliseconds> ParseSimDuration(std::string_view text) {
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + digits, value);
    if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
    text.remove_prefix(digits);
    size_t unit_len = 0;
    while (unit_len < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_len]))) {
      ++unit_len;
    }
    std::string_view unit = text.substr(0, unit_len);
    text.remove_prefix(unit_len);
    if (unit == "ms") {
      total_ms += value;
    } else if (unit == "s") {
      total_ms += value * 1000;
    } else if (unit == "m") {
      total_ms += value * 60000;
    } else if (unit == "h") {
      total_ms += value * 3600000;
    } else {
      return std::nullopt;
    }
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total_ms));
}

std::unique_ptr<Runtime> NewSimulatedRuntime() { return std::make_unique<SimulatedRuntime>(); }

}  // namespace ekslite::kubelet
