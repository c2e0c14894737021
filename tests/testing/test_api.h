// TestApi: the real apiserver handler over the in-memory store, called
// in-process like the loopback transport does. Tests of the apiserver and of
// components send it real HTTP requests; nothing is faked.
#ifndef EKSLITE_TESTS_TESTING_TEST_API_H_
#define EKSLITE_TESTS_TESTING_TEST_API_H_

#include <memory>
#include <string>
#include <vector>

#include "apiserver/api_handler.h"
#include "apiserver/handler.h"
#include "core/clock.h"
#include "core/http/message.h"
#include "core/json.h"
#include "storage/store.h"

namespace ekslite::testing {

struct TestResponse {
  int code = 0;
  std::string body;
  std::string content_type;
  std::unique_ptr<http::BodyStream> stream;
  // The Warning header values, in order (`299 - "text"`).
  std::vector<std::string> warnings;
  // The body parsed as JSON (null when it is not JSON).
  Json Parsed() const;
};

class TestApi {
 public:
  // A server over a new memory store, with the admin user.
  TestApi();
  explicit TestApi(const apiserver::ApiHandlerOptions& options);
  ~TestApi();

  TestResponse Do(http::Verb verb, const std::string& target, const std::string& body = "",
                  const std::string& content_type = "application/json",
                  const std::vector<std::pair<std::string, std::string>>& headers = {});
  TestResponse Get(const std::string& target) { return Do(http::Verb::get, target); }
  TestResponse Post(const std::string& target, const std::string& body) {
    return Do(http::Verb::post, target, body);
  }

  storage::Store& store() { return *store_; }
  apiserver::Handler& handler() { return *handler_; }

 private:
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<apiserver::Handler> handler_;
};

// Reads a watch stream until `count` events arrived or `timeout` passed.
std::vector<Json> ReadEvents(http::BodyStream& stream, size_t count,
                             std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_TESTING_TEST_API_H_
