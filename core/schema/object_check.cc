#include "core/schema/object_check.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/api/go_format.h"
#include "core/base64.h"
#include "core/schema/object_check_duplicates.h"
#include "core/schema/object_check_values.h"

namespace ekslite::schema {
namespace {

constexpr size_t kMaxStrictErrors = 100;
// With sorted keys the first 100 in sorted order are kept, out of at most
// this many found.
constexpr size_t kMaxRankedErrors = 10000;

enum class FrameKind { kMessage, kList, kMap };

// One container being walked. Message frames keep the members they accept in
// [0, kept) and drop the rest when the frame ends, so pruning is linear.
struct Frame {
  JsonValue* value = nullptr;
  FrameKind kind = FrameKind::kMessage;
  const Message* message = nullptr;  // kMessage: the message
  const Field* field = nullptr;      // kList, kMap: the field whose elements these are
  const Field* via = nullptr;        // the field of the enclosing message frame, if any
  std::string_view key;              // the member name this container is under
  size_t index = 0;                  // or its position in the enclosing list
  bool by_index = false;
  size_t cursor = 0;
  size_t kept = 0;
  const std::vector<std::string_view>* repeated = nullptr;  // names the text repeats
};

// How a value is reached from the top frame.
struct Entry {
  std::string_view key;
  size_t index = 0;
  bool by_index = false;
};

// The inline fields through which `field` belongs to `message`, outermost
// first; false when it does not belong to it.
bool InlinePath(const Message& message, const Field& field, std::vector<std::string_view>* out) {
  for (const Field& f : message.fields) {
    if (&f == &field) return true;
    if (!f.inline_json || f.message_type == nullptr) continue;
    out->push_back(f.json_name);
    if (InlinePath(*f.message_type, field, out)) return true;
    out->pop_back();
  }
  return false;
}

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

// One step of a value's location, for ordering errors as a decoder reading
// sorted keys meets them (CheckOptions::sorted_keys).
struct RankStep {
  bool by_index = false;
  size_t index = 0;
  std::string key;
  bool operator<(const RankStep& o) const {
    return by_index && o.by_index ? index < o.index : key < o.key;
  }
};
using Rank = std::vector<RankStep>;

// A number as a quantity string: integers exactly, fractions shortest.
std::string QuantityText(const JsonValue& number) {
  if (number.IsInt64()) return std::to_string(number.GetInt64());
  if (number.IsUint64()) return std::to_string(number.GetUint64());
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), number.GetDouble());
  return std::string(buf, r.ptr);
}

class Walker {
 public:
  Walker(JsonAllocator& allocator, const CheckOptions& options)
      : allocator_(allocator), options_(options) {}

  DecodeProblems Run(const Message& message, JsonValue& root);

 private:
  bool json_style() const { return options_.style == DecodeStyle::kJson; }
  void Push(Frame frame);
  void Step();
  void MessageMember();
  void ContainerElement();
  void Visit(const Field& field, bool element, JsonValue& value, Entry entry);
  void VisitSingle(const Field& field, bool element, JsonValue& value, Entry entry);
  void VisitMessage(const Field& field, bool element, JsonValue& value, Entry entry);
  void CheckBytes(const Field& field, bool element, JsonValue& value);
  void CheckQuantity(JsonValue& value);
  void CheckTime(const Field* member, const JsonValue& value);
  void CheckIntOrString(const Field* member, const JsonValue& value);

  void Strict(std::string_view type, std::string_view key);
  void Mismatch(const Field& field, bool whole, bool element, const JsonValue& value,
                std::string word);
  void TypeError(std::string_view word, std::string_view go_type, const Field* member, bool fatal);
  void Saved(std::string message);
  void Fatal(std::string message);
  Rank RankOf(const Entry& last) const;
  std::string GoContext(const Field* member) const;
  std::string StrictPath(std::string_view key) const;
  std::string ObjectPathKey() const;

  JsonAllocator& allocator_;
  const CheckOptions& options_;
  std::vector<Frame> stack_;
  std::string fatal_;
  std::string saved_;
  std::vector<std::string> strict_;
  // With sorted_keys: where each error was found, to order them at the end.
  Entry current_;  // the value being visited, within the top frame
  std::vector<std::pair<Rank, std::string>> ranked_strict_;
  std::unordered_set<std::string> ranked_seen_;
  Rank fatal_rank_;
  Rank saved_rank_;
  std::vector<DuplicateKey> duplicates_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> repeated_;
};

DecodeProblems Walker::Run(const Message& message, JsonValue& root) {
  if (json_style() && options_.validation != FieldValidation::kIgnore &&
      !options_.raw_json.empty()) {
    duplicates_ = FindDuplicateKeys(options_.raw_json);
    for (const DuplicateKey& d : duplicates_) repeated_[d.object_path].push_back(d.key);
  }
  stack_.reserve(32);
  Frame root_frame;
  root_frame.value = &root;
  root_frame.message = &message;
  Push(root_frame);
  // Go's decoder stops at a fatal error; with sorted keys the walk goes on to
  // find the one it would have met first.
  while (!stack_.empty() && (fatal_.empty() || options_.sorted_keys)) Step();
  if (!json_style()) std::sort(strict_.begin(), strict_.end());
  if (options_.sorted_keys) {
    std::stable_sort(ranked_strict_.begin(), ranked_strict_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [rank, e] : ranked_strict_) {
      if (strict_.size() >= kMaxStrictErrors) break;
      strict_.push_back(std::move(e));
    }
  }
  return {fatal_.empty() ? std::move(saved_) : std::move(fatal_), std::move(strict_)};
}

void Walker::Saved(std::string message) {
  if (!options_.sorted_keys) {
    if (saved_.empty()) saved_ = std::move(message);
    return;
  }
  Rank rank = RankOf(current_);
  if (saved_.empty() || rank < saved_rank_) {
    saved_ = std::move(message);
    saved_rank_ = std::move(rank);
  }
}

void Walker::Fatal(std::string message) {
  if (!options_.sorted_keys) {
    fatal_ = std::move(message);
    return;
  }
  Rank rank = RankOf(current_);
  if (fatal_.empty() || rank < fatal_rank_) {
    fatal_ = std::move(message);
    fatal_rank_ = std::move(rank);
  }
}

// The location of `last` (a member or element of the top frame).
Rank Walker::RankOf(const Entry& last) const {
  Rank out;
  out.reserve(stack_.size());
  for (size_t k = 1; k < stack_.size(); ++k) {
    out.push_back({stack_[k].by_index, stack_[k].index, std::string(stack_[k].key)});
  }
  out.push_back({last.by_index, last.index, std::string(last.key)});
  return out;
}

void Walker::Push(Frame frame) {
  stack_.push_back(frame);
  if (repeated_.empty() || frame.kind == FrameKind::kList) return;
  auto it = repeated_.find(ObjectPathKey());
  if (it != repeated_.end()) stack_.back().repeated = &it->second;
}

void Walker::Step() {
  Frame& top = stack_.back();
  size_t size = top.kind == FrameKind::kList ? top.value->Size() : top.value->MemberCount();
  if (top.cursor < size) {
    top.kind == FrameKind::kMessage ? MessageMember() : ContainerElement();
    return;
  }
  if (top.kind == FrameKind::kMessage && top.kept < size) {
    top.value->EraseMember(top.value->MemberBegin() + static_cast<std::ptrdiff_t>(top.kept),
                           top.value->MemberEnd());
  }
  stack_.pop_back();
}

void Walker::MessageMember() {
  Frame& top = stack_.back();
  auto m = top.value->MemberBegin() + static_cast<std::ptrdiff_t>(top.cursor++);
  std::string_view key = View(m->name);
  current_ = Entry{key};
  const Field* field = top.message->FieldByJsonName(key);
  bool keep = field != nullptr ? !m->value.IsNull() : top.message->preserve_unknown_fields;
  if (field == nullptr && !keep) Strict("unknown field", key);
  if (field != nullptr && top.repeated != nullptr &&
      std::find(top.repeated->begin(), top.repeated->end(), key) != top.repeated->end()) {
    Strict("duplicate field", key);
  }
  if (!keep) return;
  auto slot = top.value->MemberBegin() + static_cast<std::ptrdiff_t>(top.kept++);
  if (slot != m) {
    slot->name.Swap(m->name);
    slot->value.Swap(m->value);
  }
  current_ = Entry{View(slot->name)};
  if (field != nullptr) Visit(*field, false, slot->value, current_);
}

void Walker::ContainerElement() {
  Frame& top = stack_.back();
  size_t i = top.cursor++;
  const Field& field = *top.field;
  if (top.kind == FrameKind::kList) {
    current_ = Entry{{}, i, true};
    Visit(field, true, (*top.value)[static_cast<rapidjson::SizeType>(i)], current_);
    return;
  }
  auto m = top.value->MemberBegin() + static_cast<std::ptrdiff_t>(i);
  std::string_view key = View(m->name);
  current_ = Entry{key};
  if (top.repeated != nullptr &&
      std::find(top.repeated->begin(), top.repeated->end(), key) != top.repeated->end()) {
    Strict("duplicate field", key);
  }
  Visit(field, true, m->value, Entry{key});
}

// `element`: `value` is one element of a list or map field (the top frame);
// otherwise it is the whole value of member `field` of the top message frame.
void Walker::Visit(const Field& field, bool element, JsonValue& value, Entry entry) {
  if (value.IsNull()) return;
  if (element || field.cardinality == Cardinality::kSingle) {
    VisitSingle(field, element, value, entry);
    return;
  }
  bool list = field.cardinality == Cardinality::kList;
  if (list ? !value.IsArray() : !value.IsObject()) {
    Mismatch(field, true, false, value, std::string(JsonKindWord(value)));
    return;
  }
  Frame frame;
  frame.value = &value;
  frame.kind = list ? FrameKind::kList : FrameKind::kMap;
  frame.field = &field;
  frame.via = &field;
  frame.key = entry.key;
  Push(frame);
}

void Walker::VisitMessage(const Field& field, bool element, JsonValue& value, Entry entry) {
  const Message& message = *field.message_type;
  bool wrapper = !message.list_wrapper.empty();
  if (wrapper ? !value.IsArray() : !value.IsObject()) {
    Mismatch(field, false, element, value, std::string(JsonKindWord(value)));
    return;
  }
  Frame frame;
  frame.value = &value;
  frame.kind = wrapper ? FrameKind::kList : FrameKind::kMessage;
  frame.message = &message;
  frame.field = wrapper ? message.FieldByJsonName(message.list_wrapper) : nullptr;
  frame.via = element ? nullptr : &field;
  frame.key = entry.key;
  frame.index = entry.index;
  frame.by_index = entry.by_index;
  Push(frame);
}

void Walker::VisitSingle(const Field& field, bool element, JsonValue& value, Entry entry) {
  constexpr int64_t kMin32 = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMax32 = std::numeric_limits<int32_t>::max();
  switch (field.type) {
    case Type::kMessage:
      return VisitMessage(field, element, value, entry);
    case Type::kString:
      if (!value.IsString())
        Mismatch(field, false, element, value, std::string(JsonKindWord(value)));
      return;
    case Type::kBool:
      if (!value.IsBool()) Mismatch(field, false, element, value, std::string(JsonKindWord(value)));
      return;
    case Type::kInt32:
    case Type::kInt64:
    case Type::kDouble:
      if (!value.IsNumber()) {
        Mismatch(field, false, element, value, std::string(JsonKindWord(value)));
      } else if (field.type != Type::kDouble &&
                 !IsIntegerIn(value, field.type == Type::kInt32 ? kMin32 : INT64_MIN,
                              field.type == Type::kInt32 ? kMax32 : INT64_MAX)) {
        Mismatch(field, false, element, value, "number " + NumberLiteral(value));
      }
      return;
    case Type::kBytes:
      return CheckBytes(field, element, value);
    case Type::kQuantity:
      return CheckQuantity(value);
    case Type::kTime:
    case Type::kMicroTime:
      return CheckTime(element ? nullptr : &field, value);
    case Type::kDuration:
      if (!value.IsString())
        TypeError(JsonKindWord(value), "string", element ? nullptr : &field, true);
      return;
    case Type::kIntOrString:
      return CheckIntOrString(element ? nullptr : &field, value);
    case Type::kRawExtension:
    case Type::kFieldsV1:
    case Type::kJson:
      return;  // any JSON
  }
}

// []byte: base64 text, or (as Go's decoder also takes) an array of bytes,
// which is stored as base64.
void Walker::CheckBytes(const Field& field, bool element, JsonValue& value) {
  if (value.IsString()) {
    std::string e = Base64Error(View(value));
    if (e.empty()) return;
    json_style() ? Saved(std::move(e)) : Fatal("error decoding from json: " + e);
    return;
  }
  if (!value.IsArray()) {
    Mismatch(field, false, element, value, std::string(JsonKindWord(value)));
    return;
  }
  std::string bytes;
  for (const JsonValue& b : value.GetArray()) {
    if (IsIntegerIn(b, 0, 255)) {
      bytes.push_back(static_cast<char>(b.GetInt64()));
    } else if (!b.IsNull()) {
      std::string word = b.IsNumber() ? "number " + NumberLiteral(b) : std::string(JsonKindWord(b));
      TypeError(word, "uint8", element ? nullptr : &field, !json_style());
      return;
    }
  }
  value = MakeString(Base64Encode(bytes), allocator_);
}

// resource.Quantity.UnmarshalJSON takes a string or any other JSON text.
void Walker::CheckQuantity(JsonValue& value) {
  std::string text = value.IsString()   ? std::string(View(value))
                     : value.IsNumber() ? QuantityText(value)
                                        : ToJsonString(value);
  std::string_view e = QuantityError(TrimSpace(text));
  if (!e.empty()) {
    Fatal(std::string(e));
  } else if (value.IsNumber()) {
    value = MakeString(text, allocator_);
  }
}

// metav1.Time and MicroTime: a JSON string holding RFC 3339.
void Walker::CheckTime(const Field* member, const JsonValue& value) {
  if (!value.IsString()) {
    TypeError(JsonKindWord(value), "string", member, true);
    return;
  }
  bool micro = member != nullptr ? member->type == Type::kMicroTime
                                 : stack_.back().field->type == Type::kMicroTime;
  std::string e = TimeParseError(View(value), micro);
  if (!e.empty()) Fatal(std::move(e));
}

// intstr.IntOrString: a JSON string, or a number decoded as an int32.
void Walker::CheckIntOrString(const Field* member, const JsonValue& value) {
  if (value.IsString()) return;
  if (!value.IsNumber()) {
    TypeError(JsonKindWord(value), "int32", member, true);
  } else if (!IsIntegerIn(value, std::numeric_limits<int32_t>::min(),
                          std::numeric_limits<int32_t>::max())) {
    TypeError("number " + NumberLiteral(value), "int32", member, true);
  }
}

void Walker::Strict(std::string_view type, std::string_view key) {
  if (options_.validation == FieldValidation::kIgnore) return;
  size_t found = options_.sorted_keys ? ranked_strict_.size() : strict_.size();
  if (found >= (options_.sorted_keys ? kMaxRankedErrors : kMaxStrictErrors)) return;
  std::string path = StrictPath(key);
  std::string e =
      std::string(type) + " " + (json_style() ? api::GoQuote(path) : "\"" + path + "\"");
  if (!options_.sorted_keys) {
    if (std::find(strict_.begin(), strict_.end(), e) == strict_.end())
      strict_.push_back(std::move(e));
  } else if (ranked_seen_.insert(e).second) {
    ranked_strict_.emplace_back(RankOf(Entry{key}), std::move(e));
  }
}

// A value of the wrong kind: a saved UnmarshalTypeError for Go's decoder, the
// converter's (fatal) error otherwise.
void Walker::Mismatch(const Field& field, bool whole, bool element, const JsonValue& value,
                      std::string word) {
  if (!json_style()) {
    std::string e = ConverterTypeError(field, whole, value);
    if (!e.empty()) Fatal(std::move(e));
    return;
  }
  TypeError(word, whole ? GoFieldType(field) : GoElementType(field), element ? nullptr : &field,
            false);
}

// `member`: the field of the top message frame holding the value; nullptr
// when the value is an element of the top list or map frame.
void Walker::TypeError(std::string_view word, std::string_view go_type, const Field* member,
                       bool fatal) {
  std::string e = "json: cannot unmarshal " + std::string(word);
  if (json_style()) {
    e += " into Go struct field " + GoContext(member);
  } else {
    e += " into Go value";  // the converter decodes the value on its own
  }
  e += " of type " + std::string(go_type);
  fatal ? Fatal(std::move(e)) : Saved(std::move(e));
}

// "Struct.field.path": the innermost message and the fields (with inline
// fields' Go names) leading to the failing value, as Go's errorContext.
std::string Walker::GoContext(const Field* member) const {
  const Message* owner = nullptr;
  for (size_t k = stack_.size(); k-- > 0 && owner == nullptr;) {
    if (stack_[k].kind == FrameKind::kMessage) owner = stack_[k].message;
  }
  std::vector<std::string_view> names;
  auto add = [&names](const Message& parent, const Field& field) {
    InlinePath(parent, field, &names);
    names.push_back(field.json_name);
  };
  for (size_t k = 1; k < stack_.size(); ++k) {
    if (stack_[k].via != nullptr) add(*stack_[k - 1].message, *stack_[k].via);
  }
  if (member != nullptr) add(*stack_.back().message, *member);
  std::string out(owner == nullptr ? "" : GoStructName(*owner));
  for (std::string_view n : names) out.append(".").append(n);
  return out;
}

// The strict decoder's path of member `key` of the top frame.
std::string Walker::StrictPath(std::string_view key) const {
  std::string out;
  for (size_t k = 1; k < stack_.size(); ++k) {
    const Frame& f = stack_[k];
    if (f.by_index) {
      out.append("[").append(std::to_string(f.index)).append("]");
    } else if (json_style() || stack_[k - 1].kind != FrameKind::kMap) {
      if (!out.empty()) out.push_back('.');
      out.append(f.key);
    }
  }
  if (!out.empty()) out.push_back('.');
  return out.append(key);
}

// The top frame's location in DuplicateKey::object_path's encoding.
std::string Walker::ObjectPathKey() const {
  std::string out;
  for (size_t k = 1; k < stack_.size(); ++k) {
    const Frame& f = stack_[k];
    if (f.by_index) {
      out.append("i").append(std::to_string(f.index)).append(";");
    } else {
      out.append("k").append(std::to_string(f.key.size())).append(":").append(f.key);
    }
  }
  return out;
}

}  // namespace

DecodeProblems CheckObject(const Message& message, JsonValue& object, JsonAllocator& allocator,
                           const CheckOptions& options) {
  return Walker(allocator, options).Run(message, object);
}

CheckResult CheckBody(const Message& message, Json& document, FieldValidation mode,
                      const BodyContext& context) {
  CheckOptions options;
  options.validation = mode;
  if (TrimSpace(context.raw_body).starts_with('{')) options.raw_json = context.raw_body;
  DecodeProblems problems = CheckObject(message, document, document.GetAllocator(), options);
  return BodyResult(problems, mode, context);
}

}  // namespace ekslite::schema
