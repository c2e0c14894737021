#include "tests/testing/test_api.h"

#include <condition_variable>
#include <mutex>

#include "apiserver/api_handler.h"
#include "storage/memory_store.h"

namespace ekslite::testing {

Json TestResponse::Parsed() const {
  auto doc = ParseJson(body);
  if (!doc.ok()) return Json();
  return std::move(*doc);
}

TestApi::TestApi() : TestApi(apiserver::ApiHandlerOptions{}) {}

TestApi::TestApi(const apiserver::ApiHandlerOptions& options)
    : store_(storage::NewMemoryStore()) {
  auto handler = apiserver::NewApiHandler(*store_, options);
  if (!handler.ok()) std::abort();
  handler_ = std::move(*handler);
}

TestApi::~TestApi() = default;

TestResponse TestApi::Do(http::Verb verb, const std::string& target, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  http::Request req(verb, target, 11);
  if (!body.empty()) req.set(http::Field::content_type, content_type);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  apiserver::Peer peer;
  peer.in_process = true;
  peer.certificate_user =
      apiserver::UserInfo{"admin", "", {"system:masters", "system:authenticated"}, {}};
  http::Response r = handler_->Serve(std::move(req), peer);
  TestResponse out;
  out.code = static_cast<int>(r.head.result_int());
  out.body = r.head.body();
  out.content_type = std::string(r.head[http::Field::content_type]);
  out.stream = std::move(r.stream);
  for (const auto& field : r.head) {
    if (field.name_string() == "Warning") out.warnings.emplace_back(field.value());
  }
  return out;
}

std::vector<Json> ReadEvents(http::BodyStream& stream, size_t count,
                             std::chrono::milliseconds timeout) {
  std::vector<Json> events;
  std::string buffer;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::mutex mu;
  std::condition_variable cv;
  bool ready = false;
  while (events.size() < count && std::chrono::steady_clock::now() < deadline) {
    bool open = stream.Read(&buffer) == http::BodyStream::State::kOpen;
    size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      auto doc = ParseJson(buffer.substr(0, nl));
      if (doc.ok()) events.push_back(std::move(*doc));
      buffer.erase(0, nl + 1);
    }
    if (!open || events.size() >= count) break;
    {
      std::lock_guard<std::mutex> lock(mu);
      ready = false;
    }
    stream.OnReadable([&] {
      std::lock_guard<std::mutex> lock(mu);
      ready = true;
      cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_until(lock, deadline, [&] { return ready; });
  }
  stream.Close();
  return events;
}

}  // namespace ekslite::testing
