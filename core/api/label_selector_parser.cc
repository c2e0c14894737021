// The label selector query parser: a lexer producing tokens, then a recursive
// descent over the token list, following upstream's grammar and error texts.
#include <set>
#include <utility>

#include "core/api/label_selector.h"
#include "core/api/label_selector_internal.h"

namespace ekslite::api {
namespace {

enum class Token {
  kError,
  kEnd,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct Item {
  Token token;
  std::string literal;
};

// Literal tokens; identifiers are everything else.
bool LookupToken(std::string_view s, Token* token) {
  static const std::pair<std::string_view, Token> kTokens[] = {
      {")", Token::kClosedPar},     {",", Token::kComma},    {"!", Token::kDoesNotExist},
      {"==", Token::kDoubleEquals}, {"=", Token::kEquals},   {">", Token::kGreaterThan},
      {"in", Token::kIn},           {"<", Token::kLessThan}, {"!=", Token::kNotEquals},
      {"notin", Token::kNotIn},     {"(", Token::kOpenPar},
  };
  for (const auto& [text, t] : kTokens) {
    if (text == s) {
      *token = t;
      return true;
    }
  }
  return false;
}

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  // All tokens up to and including kEnd.
  std::vector<Item> ScanAll() {
    std::vector<Item> items;
    do {
      items.push_back(Lex());
    } while (items.back().token != Token::kEnd);
    return items;
  }

 private:
  // Like upstream, a NUL byte reads as "no more input" (0).
  char Read() { return pos_ < s_.size() ? s_[pos_++] : '\0'; }
  void Unread() { --pos_; }

  Item Lex() {
    char c = Read();
    while (IsWhitespace(c)) c = Read();
    if (c == '\0') return {Token::kEnd, ""};
    Unread();
    return IsSpecialSymbol(c) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
  }

  Item ScanIdentifierOrKeyword() {
    std::string buffer;
    while (true) {
      char c = Read();
      if (c == '\0') break;
      if (IsSpecialSymbol(c) || IsWhitespace(c)) {
        Unread();
        break;
      }
      buffer.push_back(c);
    }
    Token token;
    if (LookupToken(buffer, &token)) return {token, buffer};
    return {Token::kIdentifier, buffer};
  }

  // The longest run of special symbols that is a token ("!=" over "!").
  Item ScanSpecialSymbol() {
    std::string buffer;
    Item last{Token::kError, ""};
    while (true) {
      char c = Read();
      if (c == '\0') break;
      if (!IsSpecialSymbol(c)) {
        Unread();
        break;
      }
      buffer.push_back(c);
      Token token;
      if (LookupToken(buffer, &token)) {
        last = {token, buffer};
      } else if (last.token != Token::kError) {
        Unread();
        break;
      }
    }
    if (last.token == Token::kError)
      return {Token::kError, "error expected: keyword found '" + buffer + "'"};
    return last;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// Whether "in"/"notin" are keywords (operators) or plain identifiers (keys and
// values: "in in (in)" is valid).
enum class Context { kKeyAndOperator, kValues };

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(Lexer(text).ScanAll()) {}

  StatusOr<std::vector<LabelRequirement>> Parse();

 private:
  const Item& Peek(Context ctx, Token* token) const {
    const Item& item = items_[std::min(pos_, items_.size() - 1)];
    *token = Adjust(item.token, ctx);
    return item;
  }
  const Item& Next(Context ctx, Token* token) {
    const Item& item = Peek(ctx, token);
    if (pos_ < items_.size()) ++pos_;
    return item;
  }
  static Token Adjust(Token t, Context ctx) {
    return ctx == Context::kValues && (t == Token::kIn || t == Token::kNotIn) ? Token::kIdentifier
                                                                              : t;
  }

  StatusOr<LabelRequirement> ParseRequirement();
  Status ParseKeyAndInferOperator(std::string* key, std::optional<LabelOperator>* op);
  StatusOr<LabelOperator> ParseOperator();
  StatusOr<std::set<std::string>> ParseValues();
  StatusOr<std::set<std::string>> ParseIdentifiersList();
  StatusOr<std::set<std::string>> ParseExactValue();

  std::vector<Item> items_;
  size_t pos_ = 0;
};

Status Found(std::string_view literal, std::string_view expected) {
  return Status::BadRequest("found '" + std::string(literal) +
                            "', expected: " + std::string(expected));
}

StatusOr<std::vector<LabelRequirement>> Parser::Parse() {
  std::vector<LabelRequirement> requirements;
  while (true) {
    Token token;
    const Item& item = Peek(Context::kValues, &token);
    if (token == Token::kEnd) return requirements;
    if (token != Token::kIdentifier && token != Token::kDoesNotExist) {
      return Found(item.literal, "!, identifier, or 'end of string'");
    }
    auto requirement = ParseRequirement();
    if (!requirement.ok()) {
      return Status::BadRequest("unable to parse requirement: " + requirement.status().message());
    }
    requirements.push_back(std::move(requirement).value());
    const Item& after = Next(Context::kValues, &token);
    if (token == Token::kEnd) return requirements;
    if (token != Token::kComma) return Found(after.literal, "',' or 'end of string'");
    const Item& next = Peek(Context::kValues, &token);
    if (token != Token::kIdentifier && token != Token::kDoesNotExist) {
      return Found(next.literal, "identifier after ','");
    }
  }
}

StatusOr<LabelRequirement> Parser::ParseRequirement() {
  std::string key;
  std::optional<LabelOperator> op;
  EKS_RETURN_IF_ERROR(ParseKeyAndInferOperator(&key, &op));
  if (op == LabelOperator::kExists || op == LabelOperator::kDoesNotExist) {
    return internal::NewRequirement(key, *op, {}, FieldPath(), false);
  }
  EKS_ASSIGN_OR_RETURN(LabelOperator binary, ParseOperator());
  StatusOr<std::set<std::string>> values =
      binary == LabelOperator::kIn || binary == LabelOperator::kNotIn ? ParseValues()
                                                                      : ParseExactValue();
  if (!values.ok()) return values.status();
  std::vector<std::string> list(values->begin(), values->end());
  return internal::NewRequirement(key, binary, std::move(list), FieldPath(), false);
}

Status Parser::ParseKeyAndInferOperator(std::string* key, std::optional<LabelOperator>* op) {
  Token token;
  const Item* item = &Next(Context::kValues, &token);
  if (token == Token::kDoesNotExist) {
    *op = LabelOperator::kDoesNotExist;
    item = &Next(Context::kValues, &token);
  }
  if (token != Token::kIdentifier) return Found(item->literal, "identifier");
  ErrorList key_errors = internal::ValidateLabelKey(item->literal, FieldPath());
  if (!key_errors.empty()) return Status::BadRequest(key_errors.ToAggregateString());
  *key = item->literal;
  Peek(Context::kValues, &token);
  if ((token == Token::kEnd || token == Token::kComma) && !op->has_value()) {
    *op = LabelOperator::kExists;
  }
  return Status::Ok();
}

StatusOr<LabelOperator> Parser::ParseOperator() {
  Token token;
  const Item& item = Next(Context::kKeyAndOperator, &token);
  switch (token) {
    case Token::kIn:
      return LabelOperator::kIn;
    case Token::kEquals:
      return LabelOperator::kEquals;
    case Token::kDoubleEquals:
      return LabelOperator::kDoubleEquals;
    case Token::kGreaterThan:
      return LabelOperator::kGreaterThan;
    case Token::kLessThan:
      return LabelOperator::kLessThan;
    case Token::kNotIn:
      return LabelOperator::kNotIn;
    case Token::kNotEquals:
      return LabelOperator::kNotEquals;
    default:
      return Found(item.literal, "in, notin, =, ==, !=, gt, lt");
  }
}

StatusOr<std::set<std::string>> Parser::ParseValues() {
  Token token;
  const Item& open = Next(Context::kValues, &token);
  if (token != Token::kOpenPar) {
    return Status::BadRequest("found '" + open.literal + "' expected: '('");
  }
  const Item& first = Peek(Context::kValues, &token);
  if (token == Token::kClosedPar) {  // "()" is the set holding ""
    Next(Context::kValues, &token);
    return std::set<std::string>{""};
  }
  if (token != Token::kIdentifier && token != Token::kComma) {
    return Found(first.literal, "',', ')' or identifier");
  }
  std::string first_literal = first.literal;
  EKS_ASSIGN_OR_RETURN(std::set<std::string> values, ParseIdentifiersList());
  Next(Context::kValues, &token);
  if (token != Token::kClosedPar) return Found(first_literal, "')'");
  return values;
}

// A comma-separated list of possibly empty identifiers, up to (not including)
// the closing parenthesis.
StatusOr<std::set<std::string>> Parser::ParseIdentifiersList() {
  std::set<std::string> values;
  while (true) {
    Token token;
    const Item& item = Next(Context::kValues, &token);
    if (token == Token::kIdentifier) {
      values.insert(item.literal);
      const Item& next = Peek(Context::kValues, &token);
      if (token == Token::kComma) continue;
      if (token == Token::kClosedPar) return values;
      return Found(next.literal, "',' or ')'");
    }
    if (token != Token::kComma) return Found(item.literal, "',', or identifier");
    if (values.empty()) values.insert("");  // "(,"
    Peek(Context::kValues, &token);
    if (token == Token::kClosedPar) {  // ",)"
      values.insert("");
      return values;
    }
    if (token == Token::kComma) {  // ",,"
      Next(Context::kValues, &token);
      values.insert("");
    }
  }
}

StatusOr<std::set<std::string>> Parser::ParseExactValue() {
  Token token;
  Peek(Context::kValues, &token);
  if (token == Token::kEnd || token == Token::kComma) return std::set<std::string>{""};
  const Item& item = Next(Context::kValues, &token);
  if (token == Token::kIdentifier) return std::set<std::string>{item.literal};
  return Found(item.literal, "identifier");
}

}  // namespace

StatusOr<LabelSelector> ParseLabelSelector(std::string_view text) {
  EKS_ASSIGN_OR_RETURN(std::vector<LabelRequirement> requirements, Parser(text).Parse());
  return LabelSelector(std::move(requirements));
}

}  // namespace ekslite::api
