#include "core/schema/object_check_duplicates.h"

#include <deque>
#include <memory>
#include <unordered_set>

#include "core/api/go_format.h"

namespace ekslite::schema {
namespace {

// Nesting beyond Go's (and api::ParseUntrustedJson's) limit ends the scan.
constexpr size_t kMaxDepth = 10001;
// The paths copied into the output add up to at most this many bytes.
constexpr size_t kMaxOutputBytes = size_t{1} << 20;
// Objects with more members than this are checked through a hash set.
constexpr size_t kLinearKeys = 16;

struct Level {
  bool object = false;
  size_t path_len = 0;     // path_ up to this container
  size_t display_len = 0;  // display_ up to this container
  size_t keys_begin = 0;   // this object's names in Scanner::keys_
  size_t index = 0;        // arrays: position of the next element
  std::unique_ptr<std::unordered_set<std::string_view>> set;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The \uXXXX at `s[i]`, or -1.
int32_t U4(std::string_view s, size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int32_t r = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int h = HexValue(s[k]);
    if (h < 0) return -1;
    r = r * 16 + h;
  }
  return r;
}

// JSON string contents (between the quotes) unescaped the way Go does it:
// an unpaired surrogate becomes U+FFFD.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i++]);
      continue;
    }
    char e = s[i + 1];
    if (e != 'u') {
      static constexpr std::string_view kFrom = "bfnrt", kTo = "\b\f\n\r\t";
      size_t k = kFrom.find(e);
      out.push_back(k == std::string_view::npos ? e : kTo[k]);
      i += 2;
      continue;
    }
    int32_t r = U4(s, i);
    i += 6;
    if (r >= 0xD800 && r < 0xDC00) {
      int32_t low = U4(s, i);
      if (low >= 0xDC00 && low < 0xE000) {
        r = 0x10000 + ((r - 0xD800) << 10) + (low - 0xDC00);
        i += 6;
      } else {
        r = 0xFFFD;
      }
    } else if (r < 0 || (r >= 0xDC00 && r < 0xE000)) {
      r = 0xFFFD;
    }
    api::AppendRune(static_cast<char32_t>(r), &out);
  }
  return out;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  std::vector<DuplicateKey> Run();

 private:
  enum class State { kValue, kValueOrEnd, kAfterValue, kKeyOrEnd, kKey, kColon };

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  // Moves past the string starting at pos_; false when it does not end.
  bool SkipString(bool* escaped);
  bool SkipScalar();
  bool Open(bool object);
  void Close() {
    keys_.resize(levels_.back().keys_begin);
    levels_.pop_back();
  }
  void StartElement();
  bool ReadKey();
  bool Seen(Level& level, std::string_view key);
  void Record(const Level& level, std::string_view key);
  bool Step(State* state);

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Level> levels_;
  std::vector<std::string_view> keys_;
  std::deque<std::string> owned_;  // unescaped names keys_ points into
  std::string path_;               // DuplicateKey::object_path encoding
  std::string display_;            // DuplicateKey::field_path rendering
  std::vector<DuplicateKey> out_;
  size_t out_bytes_ = 0;
};

bool Scanner::SkipString(bool* escaped) {
  for (size_t i = pos_ + 1; i < text_.size(); ++i) {
    if (text_[i] == '\\') {
      *escaped = true;
      ++i;
    } else if (text_[i] == '"') {
      pos_ = i + 1;
      return true;
    }
  }
  return false;
}

bool Scanner::SkipScalar() {
  if (text_[pos_] == '"') {
    bool escaped = false;
    return SkipString(&escaped);
  }
  size_t start = pos_;
  while (pos_ < text_.size() && std::string_view(",]}: \t\n\r").find(text_[pos_]) ==
                                    std::string_view::npos) {
    ++pos_;
  }
  return pos_ > start;
}

bool Scanner::Open(bool object) {
  if (levels_.size() >= kMaxDepth) return false;
  Level level;
  level.object = object;
  level.path_len = path_.size();
  level.display_len = display_.size();
  level.keys_begin = keys_.size();
  levels_.push_back(std::move(level));
  ++pos_;
  return true;
}

// Makes the next array element the current path step.
void Scanner::StartElement() {
  if (levels_.empty() || levels_.back().object) return;
  Level& level = levels_.back();
  std::string index = std::to_string(level.index++);
  path_.resize(level.path_len);
  path_.append("i").append(index).append(";");
  display_.resize(level.display_len);
  display_.append("[").append(index).append("]");
}

bool Scanner::Seen(Level& level, std::string_view key) {
  size_t count = keys_.size() - level.keys_begin;
  if (count > kLinearKeys && level.set == nullptr) {
    level.set = std::make_unique<std::unordered_set<std::string_view>>(
        keys_.begin() + static_cast<std::ptrdiff_t>(level.keys_begin), keys_.end());
  }
  keys_.push_back(key);
  if (level.set != nullptr) return !level.set->insert(key).second;
  for (size_t i = level.keys_begin; i + 1 < keys_.size(); ++i) {
    if (keys_[i] == key) return true;
  }
  return false;
}

void Scanner::Record(const Level& level, std::string_view key) {
  if (out_.size() >= kMaxDuplicateKeys || out_bytes_ > kMaxOutputBytes) return;
  DuplicateKey d{path_.substr(0, level.path_len), std::string(key), display_};
  out_bytes_ += d.object_path.size() + d.key.size() + d.field_path.size();
  out_.push_back(std::move(d));
}

bool Scanner::ReadKey() {
  if (text_[pos_] != '"') return false;
  size_t start = pos_ + 1;
  bool escaped = false;
  if (!SkipString(&escaped)) return false;
  std::string_view key = text_.substr(start, pos_ - 1 - start);
  if (escaped) key = owned_.emplace_back(Unescape(key));
  Level& level = levels_.back();
  bool repeated = Seen(level, key);
  path_.resize(level.path_len);
  path_.append("k").append(std::to_string(key.size())).append(":").append(key);
  display_.resize(level.display_len);
  if (level.path_len > 0) display_.push_back('.');
  display_.append(key);
  if (repeated) Record(level, key);
  return true;
}

// Consumes one token; false when the text ends or is malformed.
bool Scanner::Step(State* state) {
  char c = text_[pos_];
  switch (*state) {
    case State::kValueOrEnd:
      if (c == ']') {
        Close();
        ++pos_;
        *state = State::kAfterValue;
        return true;
      }
      [[fallthrough]];
    case State::kValue:
      StartElement();
      if (c == '{' || c == '[') {
        *state = c == '{' ? State::kKeyOrEnd : State::kValueOrEnd;
        return Open(c == '{');
      }
      *state = State::kAfterValue;
      return SkipScalar();
    case State::kAfterValue:
      if (levels_.empty()) return false;
      if (c == ',') {
        *state = levels_.back().object ? State::kKey : State::kValue;
      } else if (c == (levels_.back().object ? '}' : ']')) {
        Close();
      } else {
        return false;
      }
      ++pos_;
      return true;
    case State::kKeyOrEnd:
      if (c == '}') {
        Close();
        ++pos_;
        *state = State::kAfterValue;
        return true;
      }
      [[fallthrough]];
    case State::kKey:
      *state = State::kColon;
      return ReadKey();
    case State::kColon:
      *state = State::kValue;
      ++pos_;
      return c == ':';
  }
  return false;
}

std::vector<DuplicateKey> Scanner::Run() {
  State state = State::kValue;
  while (true) {
    SkipSpace();
    if (pos_ >= text_.size() || !Step(&state)) break;
  }
  return std::move(out_);
}

}  // namespace

std::vector<DuplicateKey> FindDuplicateKeys(std::string_view json_text) {
  return Scanner(json_text).Run();
}

}  // namespace ekslite::schema
