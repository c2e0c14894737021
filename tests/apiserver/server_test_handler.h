// A Handler for the server tests, with a stream the test drives by hand.
#ifndef EKSLITE_TESTS_APISERVER_SERVER_TEST_HANDLER_H_
#define EKSLITE_TESTS_APISERVER_SERVER_TEST_HANDLER_H_

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "apiserver/handler.h"
#include "core/http/body_stream.h"

namespace ekslite::testing {

// The producer side of a stream, shared between the test and the session.
class TestStream {
 public:
  void Push(std::string data) {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_ += data;
      wake = std::move(wake_);
      wake_ = nullptr;
    }
    if (wake) wake();
  }
  void End() {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ended_ = true;
      wake = std::move(wake_);
      wake_ = nullptr;
    }
    if (wake) wake();
  }
  bool WaitClosed(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return closed_; });
  }
  int close_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return close_calls_;
  }

  // BodyStream side.
  http::BodyStream::State Read(std::string* out) {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_FALSE(closed_) << "Read after Close";
    out->append(pending_);
    pending_.clear();
    return ended_ ? http::BodyStream::State::kEnded : http::BodyStream::State::kOpen;
  }
  void OnReadable(std::function<void()> wake) {
    std::unique_lock<std::mutex> lock(mu_);
    if (closed_) return;
    if (!pending_.empty() || ended_) {
      lock.unlock();
      wake();
      return;
    }
    wake_ = std::move(wake);
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ++close_calls_;
    wake_ = nullptr;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  bool ended_ = false;
  bool closed_ = false;
  int close_calls_ = 0;
  std::function<void()> wake_;
};

class TestStreamAdapter : public http::BodyStream {
 public:
  explicit TestStreamAdapter(std::shared_ptr<TestStream> s) : s_(std::move(s)) {}
  State Read(std::string* out) override { return s_->Read(out); }
  void OnReadable(std::function<void()> wake) override { s_->OnReadable(std::move(wake)); }
  void Close() override { s_->Close(); }

 private:
  std::shared_ptr<TestStream> s_;
};

// Routes:
//   /peer    "name|group,group" of Peer::certificate_user, "-" without one
//   /size    the request body's size
//   /stream  a TestStream (see WaitForStream)
//   /block   waits until `block_until` requests are inside at once (or 10 s)
//   /throw   throws
//   /nocontent  204, with a body the server must drop
//   others   "ok"
class TestHandler : public apiserver::Handler {
 public:
  http::Response Serve(http::Request request, const apiserver::Peer& peer) override {
    ++calls;
    std::string_view target = request.target();
    http::Response response;
    response.head.result(http::beast_http::status::ok);
    response.head.set(http::Field::content_type, "text/plain");
    if (target == "/peer") {
      std::string text = "-";
      if (peer.certificate_user) {
        text = peer.certificate_user->name + "|";
        for (size_t i = 0; i < peer.certificate_user->groups.size(); ++i) {
          text += (i ? "," : "") + peer.certificate_user->groups[i];
        }
      }
      response.head.body() = text;
    } else if (target == "/size") {
      response.head.body() = std::to_string(request.body().size());
    } else if (target == "/stream") {
      auto stream = std::make_shared<TestStream>();
      {
        std::lock_guard<std::mutex> lock(mu_);
        streams_.push_back(stream);
      }
      cv_.notify_all();
      response.head.set(http::Field::content_type, "application/json");
      response.stream = std::make_unique<TestStreamAdapter>(stream);
    } else if (target == "/block") {
      std::unique_lock<std::mutex> lock(mu_);
      ++inside_;
      cv_.notify_all();
      bool all =
          cv_.wait_for(lock, std::chrono::seconds(10), [this] { return inside_ >= block_until; });
      response.head.body() = all ? "all" : "timeout";
    } else if (target == "/nocontent") {
      response.head.result(http::beast_http::status::no_content);
      response.head.body() = "dropped";
    } else if (target == "/throw") {
      throw std::runtime_error("boom");
    } else {
      response.head.body() = "ok";
    }
    return response;
  }

  // The `n`th stream handed out (0-based), waiting for it up to 5 s.
  std::shared_ptr<TestStream> WaitForStream(size_t n = 0) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return streams_.size() > n; });
    return streams_.size() > n ? streams_[n] : nullptr;
  }

  std::atomic<int> calls{0};
  int block_until = 0;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<TestStream>> streams_;
  int inside_ = 0;
};

}  // namespace ekslite::testing

#endif  // EKSLITE_TESTS_APISERVER_SERVER_TEST_HANDLER_H_
