#include "core/client/line_splitter.h"

namespace ekslite::client {
namespace {

bool Deliver(std::string_view line, const LineHandler& on_line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return true;
  return on_line(line);
}

}  // namespace

bool LineSplitter::Feed(std::string_view bytes, const LineHandler& on_line) {
  // Whole lines are delivered straight from `bytes`; only a tail without a
  // newline is copied.
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      pending_.append(bytes);
      return true;
    }
    bool keep_going;
    if (pending_.empty()) {
      keep_going = Deliver(bytes.substr(0, nl), on_line);
    } else {
      pending_.append(bytes.substr(0, nl));
      keep_going = Deliver(pending_, on_line);
      pending_.clear();
    }
    if (!keep_going) return false;
    bytes.remove_prefix(nl + 1);
  }
  return true;
}

bool LineSplitter::Finish(const LineHandler& on_line) {
  std::string last;
  last.swap(pending_);
  return Deliver(last, on_line);
}

}  // namespace ekslite::client
