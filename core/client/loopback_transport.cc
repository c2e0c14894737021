#include "core/client/loopback_transport.h"

#include <condition_variable>
#include <mutex>

#include "core/client/cancel_token.h"
#include "core/client/line_splitter.h"

namespace ekslite::client {
namespace {

bool IsSuccess(const http::HeadResponse& head) {
  return head.result_int() >= 200 && head.result_int() < 300;
}

// Where a reader waiting for a BodyStream is woken: by the stream having
// data, or by cancellation. Shared with the stream's wake callback, which may
// run on the producer's thread after the reader has gone.
struct Wakeup {
  std::mutex mu;
  std::condition_variable cv;
  bool ready = false;      // GUARDED_BY(mu)
  bool cancelled = false;  // GUARDED_BY(mu)

  void Signal() {
    std::lock_guard<std::mutex> lock(mu);
    ready = true;
    cv.notify_all();
  }
  void Cancel() {
    std::lock_guard<std::mutex> lock(mu);
    cancelled = true;
    cv.notify_all();
  }
  bool IsCancelled() {
    std::lock_guard<std::mutex> lock(mu);
    return cancelled;
  }
};

// Pulls `stream` until it ends, `consume` returns false, or `cancel` fires.
// Closes the stream.
void Drain(http::BodyStream& stream, CancelToken* cancel,
           const std::function<bool(std::string_view)>& consume) {
  auto wakeup = std::make_shared<Wakeup>();
  CancelRegistration on_cancel(cancel, [wakeup] { wakeup->Cancel(); });
  std::string chunk;
  while (!wakeup->IsCancelled()) {
    chunk.clear();
    bool ended = stream.Read(&chunk) == http::BodyStream::State::kEnded;
    if (!chunk.empty() && !consume(chunk)) break;
    if (ended) break;
    if (!chunk.empty()) continue;
    {
      std::lock_guard<std::mutex> lock(wakeup->mu);
      wakeup->ready = false;
    }
    stream.OnReadable([wakeup] { wakeup->Signal(); });
    std::unique_lock<std::mutex> lock(wakeup->mu);
    wakeup->cv.wait(lock, [&] { return wakeup->ready || wakeup->cancelled; });
  }
  stream.Close();
}

class LoopbackTransport final : public Transport {
 public:
  LoopbackTransport(http::Handler& handler, const LoopbackOptions& options) : handler_(handler) {
    peer_.in_process = true;
    peer_.certificate_user = options.user;
  }

  StatusOr<http::Response> RoundTrip(const http::Request& request) override {
    http::Response response = handler_.Serve(request, peer_);
    if (response.stream) {
      std::string& body = response.head.body();
      Drain(*response.stream, nullptr, [&body](std::string_view bytes) {
        body.append(bytes);
        return true;
      });
      response.stream.reset();
      response.head.chunked(false);
      response.head.prepare_payload();
    }
    return response;
  }

  StatusOr<http::HeadResponse> Stream(const http::Request& request, const LineHandler& on_line,
                                      CancelToken* cancel) override {
    http::Response response = handler_.Serve(request, peer_);
    http::HeadResponse head = std::move(response.head);
    if (!IsSuccess(head)) {
      if (response.stream) {
        std::string& body = head.body();
        Drain(*response.stream, cancel, [&body](std::string_view bytes) {
          body.append(bytes);
          return true;
        });
      }
      return head;
    }
    LineSplitter lines;
    bool keep_going = lines.Feed(head.body(), on_line);
    head.body().clear();
    if (keep_going && response.stream) {
      Drain(*response.stream, cancel,
            [&](std::string_view bytes) { return keep_going = lines.Feed(bytes, on_line); });
    }
    if (keep_going && (cancel == nullptr || !cancel->cancelled())) lines.Finish(on_line);
    return head;
  }

 private:
  http::Handler& handler_;
  http::Peer peer_;
};

}  // namespace

std::unique_ptr<Transport> NewLoopbackTransport(http::Handler& handler,
                                                const LoopbackOptions& options) {
  return std::make_unique<LoopbackTransport>(handler, options);
}

}  // namespace ekslite::client
