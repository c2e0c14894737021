// One HTTPS connection of the apiserver (internal to apiserver/server*).
//
// The shape follows Beast's advanced server: every asynchronous step is a
// DoX/OnX pair running on the connection's strand, every read and write has a
// deadline, and every failure goes through Fail.
//
//   DoHandshake ─> DoWaitForRequest ─> DoReadHeader ─> [DoWriteContinue] ─> DoReadBody
//        ^                                                                       │
//        │  keep-alive                                                   Dispatch (worker)
//        └──────────── OnWrite <── DoWrite <── OnServed ─────────────────────────┘
//                                                 │ BodyStream
//                               DoWriteStreamHead ─> DoPullStream <─> DoWriteChunk
//                               DoWatchPeer (notices the client leaving)  └─> DoWriteLastChunk
#ifndef EKSLITE_APISERVER_SERVER_SESSION_H_
#define EKSLITE_APISERVER_SERVER_SESSION_H_

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "apiserver/handler.h"
#include "apiserver/server.h"
#include "apiserver/server_worker_pool.h"

namespace ekslite::apiserver {

class Session;

// The live sessions, so that Stop() can reach them. Thread-safe.
class SessionRegistry {
 public:
  void Add(const std::shared_ptr<Session>& session);
  void Remove(Session* session);
  // The sessions still alive.
  std::vector<std::shared_ptr<Session>> Snapshot();
  // Waits until no session is registered or `deadline` passes; true if none is.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // guarded by mu_
};

// What every session of one server shares; outlives the sessions.
struct SessionContext {
  const ServerOptions& options;
  Handler& handler;
  WorkerPool& pool;
  SessionRegistry& registry;
  boost::asio::ssl::context& tls;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `socket` must have been accepted on a strand of its own.
  Session(boost::asio::ip::tcp::socket socket, SessionContext& context);
  ~Session();

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Starts the TLS handshake. Call once, from any thread.
  void Run();
  // The server is stopping: idle connections close at once, a response being
  // prepared is still written (then the connection closes), and a stream is
  // Closed and ended with its final chunk. Any thread.
  void Shutdown();
  // Closes the stream and the socket right away. Only when no I/O thread runs.
  void ForceClose();

 private:
  using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  using ErrorCode = boost::beast::error_code;
  enum class Phase { kHandshake, kIdle, kReading, kServing, kWriting, kStreaming, kClosing };

  void DoHandshake();
  void OnHandshake(ErrorCode ec);
  void DoWaitForRequest();
  void OnWaitForRequest(ErrorCode ec, size_t bytes);
  void DoReadHeader();
  void OnReadHeader(ErrorCode ec, size_t bytes);
  void DoWriteContinue();
  void OnWriteContinue(ErrorCode ec, size_t bytes);
  void DoReadBody();
  void OnReadBody(ErrorCode ec, size_t bytes);
  // Answers a request the parser rejected; false when `ec` is not such a case.
  bool ReplyToParseError(ErrorCode ec);
  void Dispatch();
  void OnServed(http::Response response);
  void DoWrite();
  void OnWrite(ErrorCode ec, size_t bytes);
  void DoWriteStreamHead();
  void OnWriteStreamHead(ErrorCode ec, size_t bytes);
  void DoPullStream();
  void DoWriteChunk();
  void OnWriteChunk(ErrorCode ec, size_t bytes);
  void DoWriteLastChunk();
  void OnWriteLastChunk(ErrorCode ec, size_t bytes);
  void DoWatchPeer();
  void OnWatchPeer(ErrorCode ec, size_t bytes);
  void DoLinger();
  void OnLinger(ErrorCode ec, size_t bytes);
  void DoClose();
  void OnClose(ErrorCode ec);

  void ReplyError(int code, std::string_view reason, std::string_view message);
  void LogRequest(int status);
  void CloseStream();
  void CloseSocket();
  void Fail(ErrorCode ec, const char* what);

  SessionContext& context_;
  std::string remote_;  // "address:port", for logs and Peer
  Stream stream_;
  Peer peer_;  // set by OnHandshake; read-only afterwards (workers read it)
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::chrono::steady_clock::time_point deadline_;  // of the request being read
  std::chrono::steady_clock::time_point started_;   // when the request was dispatched

  // Everything below is touched only on the strand.
  Phase phase_ = Phase::kHandshake;
  bool stopping_ = false;
  bool closed_ = false;
  bool keep_alive_ = false;
  bool linger_ = false;  // the request was not read to its end
  unsigned request_version_ = 11;
  std::string method_;
  std::string target_;
  std::unique_ptr<http::HeadResponse> response_;

  // The streaming response, while one is being written.
  std::unique_ptr<http::BodyStream> body_;
  std::unique_ptr<boost::beast::http::response<boost::beast::http::empty_body>> stream_head_;
  std::unique_ptr<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      stream_serializer_;
  bool chunk_in_flight_ = false;  // a write of the head or a chunk is pending
  bool body_ended_ = false;
  std::string chunk_;
  std::array<char, 512> scratch_;  // discarded input while streaming or lingering
  size_t discarded_ = 0;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_SERVER_SESSION_H_
