// LineSplitter: turns a byte stream that arrives in arbitrary pieces (chunks
// of a watch response) into whole lines.
#ifndef EKSLITE_CORE_CLIENT_LINE_SPLITTER_H_
#define EKSLITE_CORE_CLIENT_LINE_SPLITTER_H_

#include <string>
#include <string_view>

#include "core/client/transport.h"

namespace ekslite::client {

class LineSplitter {
 public:
  // Adds `bytes` and calls `on_line` with each line they complete (without
  // its "\n" or "\r\n"; empty lines are skipped). Returns false as soon as
  // `on_line` does; the rest of the input is then dropped.
  bool Feed(std::string_view bytes, const LineHandler& on_line);
  // Hands over a last line that had no newline. Returns what `on_line` did
  // (true when there was none).
  bool Finish(const LineHandler& on_line);

 private:
  std::string pending_;
};

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_LINE_SPLITTER_H_
