#include "apiserver/crd/json_path.h"

#include <cctype>
#include <cstdlib>

#include "core/api/json_tree.h"

namespace ekslite::apiserver {

struct JsonPath::Step {
  enum class Kind { kField, kIndex, kAll, kFilter };
  Kind kind = Kind::kField;
  std::string name;   // kField
  int64_t index = 0;  // kIndex
  // kFilter: @<filter_path> [op literal]
  std::vector<std::shared_ptr<const Step>> filter_path;
  std::string op;  // "", "==", "!="
  std::shared_ptr<Json> literal;
};

namespace {

using Step = JsonPath::Step;
using Steps = std::vector<std::shared_ptr<const Step>>;

Status Bad(std::string_view path) {
  return Status::Invalid("unrecognized JSONPath \"" + std::string(path) + "\"");
}

// A name after '.', up to the next unescaped '.' or '['.
std::string ReadName(std::string_view s, size_t* i) {
  std::string out;
  while (*i < s.size() && s[*i] != '.' && s[*i] != '[') {
    if (s[*i] == '\\' && *i + 1 < s.size()) ++*i;
    out.push_back(s[(*i)++]);
  }
  return out;
}

Status ParseSteps(std::string_view s, size_t* i, Steps* out, bool in_filter);

// A literal in a filter: a quoted string, a number, true/false.
StatusOr<std::shared_ptr<Json>> ReadLiteral(std::string_view s) {
  auto lit = std::make_shared<Json>();
  std::string text(s);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    lit->SetString(text.substr(1, text.size() - 2).c_str(),
                   static_cast<rapidjson::SizeType>(text.size() - 2), lit->GetAllocator());
    return lit;
  }
  auto parsed = ParseJson(text);
  if (!parsed.ok()) return parsed.status();
  lit->CopyFrom(*parsed, lit->GetAllocator());
  return lit;
}

StatusOr<std::shared_ptr<const Step>> ParseFilter(std::string_view body) {
  // body: @.a.b [op literal]
  auto step = std::make_shared<Step>();
  step->kind = Step::Kind::kFilter;
  if (body.empty() || body[0] != '@') return Status::Invalid("filter must start with @");
  size_t op = body.find_first_of("=!");
  std::string_view path = body.substr(1, op == std::string_view::npos ? body.npos : op - 1);
  while (!path.empty() && path.back() == ' ') path.remove_suffix(1);
  size_t i = 0;
  EKS_RETURN_IF_ERROR(ParseSteps(path, &i, &step->filter_path, true));
  if (op == std::string_view::npos) return std::shared_ptr<const Step>(step);
  if (body.substr(op, 2) != "==" && body.substr(op, 2) != "!=") {
    return Status::Invalid("unsupported filter operator");
  }
  step->op = std::string(body.substr(op, 2));
  std::string_view lit = body.substr(op + 2);
  while (!lit.empty() && lit.front() == ' ') lit.remove_prefix(1);
  while (!lit.empty() && lit.back() == ' ') lit.remove_suffix(1);
  EKS_ASSIGN_OR_RETURN(step->literal, ReadLiteral(lit));
  return std::shared_ptr<const Step>(step);
}

Status ParseBracket(std::string_view s, size_t* i, Steps* out) {
  size_t close = s.find(']', *i);
  if (s.substr(*i, 2) == "[?") close = s.find(")]", *i) + 1;
  if (close == std::string_view::npos || close == 0) return Status::Invalid("unclosed [");
  std::string_view inner = s.substr(*i + 1, close - *i - 1);
  *i = close + 1;
  auto step = std::make_shared<Step>();
  if (inner == "*") {
    step->kind = Step::Kind::kAll;
  } else if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"') &&
             inner.back() == inner[0]) {
    step->name = std::string(inner.substr(1, inner.size() - 2));
  } else if (inner.size() >= 3 && inner.substr(0, 2) == "?(" && inner.back() == ')') {
    EKS_ASSIGN_OR_RETURN(auto filter, ParseFilter(inner.substr(2, inner.size() - 3)));
    out->push_back(std::move(filter));
    return Status::Ok();
  } else {
    char* end = nullptr;
    std::string text(inner);
    step->index = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0') return Status::Invalid("bad index");
    step->kind = Step::Kind::kIndex;
  }
  out->push_back(std::move(step));
  return Status::Ok();
}

Status ParseSteps(std::string_view s, size_t* i, Steps* out, bool in_filter) {
  while (*i < s.size()) {
    if (s[*i] == '.') {
      ++*i;
      if (*i < s.size() && s[*i] == '*') {
        ++*i;
        auto step = std::make_shared<Step>();
        step->kind = Step::Kind::kAll;
        out->push_back(std::move(step));
        continue;
      }
      auto step = std::make_shared<Step>();
      step->name = ReadName(s, i);
      if (step->name.empty()) {
        if (*i == s.size() && out->empty() && !in_filter) continue;  // "." alone
        return Status::Invalid("empty name");
      }
      out->push_back(std::move(step));
    } else if (s[*i] == '[') {
      EKS_RETURN_IF_ERROR(ParseBracket(s, i, out));
    } else {
      return Status::Invalid("unexpected character");
    }
  }
  return Status::Ok();
}

void Apply(const Steps& steps, size_t at, const JsonValue& v, std::vector<const JsonValue*>* out);

bool Matches(const Step& filter, const JsonValue& item) {
  std::vector<const JsonValue*> found;
  Apply(filter.filter_path, 0, item, &found);
  if (filter.op.empty()) return !found.empty();
  bool equal = !found.empty() && api::JsonEqual(*found[0], *filter.literal);
  return filter.op == "==" ? equal : !found.empty() && !equal;
}

void Apply(const Steps& steps, size_t at, const JsonValue& v, std::vector<const JsonValue*>* out) {
  if (at == steps.size()) {
    out->push_back(&v);
    return;
  }
  const Step& step = *steps[at];
  switch (step.kind) {
    case Step::Kind::kField:
      if (const JsonValue* child = Member(v, step.name)) Apply(steps, at + 1, *child, out);
      return;
    case Step::Kind::kIndex:
      if (v.IsArray()) {
        int64_t n = v.Size();
        int64_t i = step.index < 0 ? n + step.index : step.index;
        if (i >= 0 && i < n) Apply(steps, at + 1, v[static_cast<rapidjson::SizeType>(i)], out);
      }
      return;
    case Step::Kind::kAll:
      if (v.IsArray()) {
        for (const JsonValue& e : v.GetArray()) Apply(steps, at + 1, e, out);
      } else if (v.IsObject()) {
        for (const auto& m : v.GetObject()) Apply(steps, at + 1, m.value, out);
      }
      return;
    case Step::Kind::kFilter:
      if (v.IsArray()) {
        for (const JsonValue& e : v.GetArray()) {
          if (Matches(step, e)) Apply(steps, at + 1, e, out);
        }
      }
      return;
  }
}

}  // namespace

StatusOr<JsonPath> JsonPath::Parse(std::string_view path) {
  std::string_view s = path;
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  if (s.empty() || (s[0] != '.' && s[0] != '[')) return Bad(path);
  JsonPath out;
  size_t i = 0;
  if (!ParseSteps(s, &i, &out.steps_, false).ok()) return Bad(path);
  return out;
}

std::vector<const JsonValue*> JsonPath::Find(const JsonValue& root) const {
  std::vector<const JsonValue*> out;
  Apply(steps_, 0, root, &out);
  return out;
}

const JsonValue* JsonPath::First(const JsonValue& root) const {
  auto all = Find(root);
  return all.empty() ? nullptr : all[0];
}

}  // namespace ekslite::apiserver
