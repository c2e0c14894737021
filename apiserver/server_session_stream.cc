// Session, continued: writing a streaming response (watch, followed logs).
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "apiserver/server_session.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

// A client should send nothing while a stream is written to it; this much is
// tolerated (and discarded) before the connection is closed.
constexpr size_t kStrayInputBytes = 64 * 1024;

}  // namespace

//------------------------------------------------------------------------------
// Streaming a response (watch, followed logs). A stream is always the last
// response on its connection: it ends with the final chunk and a close.

void Session::DoWriteStreamHead() {
  phase_ = Phase::kStreaming;
  stream_head_->version(request_version_);
  stream_head_->keep_alive(false);
  stream_head_->erase(bhttp::field::content_length);
  // HTTP/1.0 has no chunking: the body then simply runs until the close.
  if (request_version_ >= 11) stream_head_->chunked(true);
  stream_serializer_ =
      std::make_unique<bhttp::response_serializer<bhttp::empty_body>>(*stream_head_);
  // The peer watch may wait forever; writes get their own deadline.
  beast::get_lowest_layer(stream_).expires_never();
  DoWatchPeer();
  beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
  chunk_in_flight_ = true;
  bhttp::async_write_header(
      stream_, *stream_serializer_,
      beast::bind_front_handler(&Session::OnWriteStreamHead, shared_from_this()));
}

void Session::OnWriteStreamHead(ErrorCode ec, size_t) {
  chunk_in_flight_ = false;
  if (ec) return Fail(ec, "writing a stream header");
  DoPullStream();
}

void Session::DoPullStream() {
  if (closed_ || chunk_in_flight_) return;  // OnWrite* pulls again
  if (body_ended_) return DoWriteLastChunk();
  chunk_.clear();
  if (body_->Read(&chunk_) == http::BodyStream::State::kEnded) body_ended_ = true;
  if (!chunk_.empty()) return DoWriteChunk();
  if (body_ended_) return DoWriteLastChunk();
  // Nothing ready: be woken when there is. A weak reference, so a stream
  // that outlives the connection keeps nothing alive.
  std::weak_ptr<Session> weak = weak_from_this();
  body_->OnReadable([weak] {
    if (std::shared_ptr<Session> self = weak.lock()) {
      net::post(self->stream_.get_executor(), [self] { self->DoPullStream(); });
    }
  });
}

void Session::DoWriteChunk() {
  chunk_in_flight_ = true;
  beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
  auto on_write = beast::bind_front_handler(&Session::OnWriteChunk, shared_from_this());
  if (request_version_ >= 11) {
    net::async_write(stream_, bhttp::make_chunk(net::buffer(chunk_)), std::move(on_write));
  } else {
    net::async_write(stream_, net::buffer(chunk_), std::move(on_write));
  }
}

void Session::OnWriteChunk(ErrorCode ec, size_t) {
  chunk_in_flight_ = false;
  if (ec) return Fail(ec, "writing a stream chunk");
  DoPullStream();
}

void Session::DoWriteLastChunk() {
  CloseStream();
  if (request_version_ < 11) return CloseSocket();
  chunk_in_flight_ = true;
  beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
  net::async_write(stream_, bhttp::make_chunk_last(),
                   beast::bind_front_handler(&Session::OnWriteLastChunk, shared_from_this()));
}

void Session::OnWriteLastChunk(ErrorCode ec, size_t) {
  chunk_in_flight_ = false;
  if (ec) return Fail(ec, "writing the last chunk");
  phase_ = Phase::kClosing;
  // The response said "Connection: close"; the peer watch read still pending
  // is aborted by the close.
  CloseSocket();
}

void Session::DoWatchPeer() {
  stream_.async_read_some(net::buffer(scratch_),
                          beast::bind_front_handler(&Session::OnWatchPeer, shared_from_this()));
}

void Session::OnWatchPeer(ErrorCode ec, size_t bytes) {
  if (ec) {
    if (!closed_) Logger("apiserver")->debug("connection {}: client left a stream", remote_);
    CloseStream();
    return CloseSocket();
  }
  discarded_ += bytes;
  if (discarded_ > kStrayInputBytes) {
    return Fail(bhttp::make_error_code(bhttp::error::buffer_overflow), "input during a stream");
  }
  DoWatchPeer();
}

}  // namespace ekslite::apiserver
