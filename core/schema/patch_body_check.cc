#include "core/schema/patch_body_check.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "core/api/go_format.h"
#include "core/schema/object_check_duplicates.h"
#include "core/schema/object_check_values.h"

namespace ekslite::schema {
namespace {

constexpr size_t kMaxStrictErrors = 100;
constexpr std::string_view kPrefix = "json patch ";

bool IsStringMember(std::string_view name) {
  return name == "op" || name == "path" || name == "from";
}

// Splits a DuplicateKey::object_path of the form "i<n>;<rest>" into the
// operation index and the rest; false for other paths.
bool OperationOf(std::string_view object_path, size_t* index, std::string_view* rest) {
  if (object_path.size() < 3 || object_path[0] != 'i') return false;
  size_t semi = object_path.find(';');
  if (semi == std::string_view::npos) return false;
  *index = std::stoul(std::string(object_path.substr(1, semi - 1)));
  *rest = object_path.substr(semi + 1);
  return true;
}

class OpChecker {
 public:
  OpChecker(const JsonValue& patch, std::string_view text) : patch_(patch), text_(text) {}

  DecodeProblems Run() {
    if (patch_.IsNull()) return {};
    if (!patch_.IsArray()) {
      Saved(std::string(JsonKindWord(patch_)), "Go value of type []handlers.jsonPatchOp");
      return std::move(out_);
    }
    std::vector<DuplicateKey> duplicates = FindDuplicateKeys(text_);
    for (rapidjson::SizeType i = 0; i < patch_.Size(); ++i) Operation(i, duplicates);
    return std::move(out_);
  }

 private:
  void Operation(size_t i, const std::vector<DuplicateKey>& duplicates) {
    const JsonValue& op = patch_[static_cast<rapidjson::SizeType>(i)];
    if (op.IsNull()) return;
    if (!op.IsObject()) {
      Saved(std::string(JsonKindWord(op)), "Go value of type handlers.jsonPatchOp");
      return;
    }
    for (const auto& m : op.GetObject()) {
      std::string_view name = View(m.name);
      if (IsStringMember(name)) {
        if (!m.value.IsString() && !m.value.IsNull()) {
          Saved(std::string(JsonKindWord(m.value)),
                "Go struct field jsonPatchOp." + std::string(name) + " of type string");
        }
      } else if (name != "value") {
        Strict("unknown field", "[" + std::to_string(i) + "]." + std::string(name));
      }
    }
    for (const DuplicateKey& d : duplicates) {
      size_t index = 0;
      std::string_view rest;
      if (!OperationOf(d.object_path, &index, &rest) || index != i) continue;
      // Repeated operation members count when known; anything under "value"
      // (decoded as untyped JSON) counts too.
      bool member = rest.empty() && (IsStringMember(d.key) || d.key == "value");
      if (member || rest.starts_with("k5:value")) Strict("duplicate field", d.field_path);
    }
  }

  void Saved(const std::string& word, const std::string& into) {
    if (out_.error.empty()) out_.error = "json: cannot unmarshal " + word + " into " + into;
  }

  void Strict(std::string_view type, const std::string& path) {
    if (out_.strict_errors.size() >= kMaxStrictErrors) return;
    std::string e = std::string(kPrefix) + std::string(type) + " " + api::GoQuote(path);
    if (seen_.insert(e).second) out_.strict_errors.push_back(std::move(e));
  }

  const JsonValue& patch_;
  std::string_view text_;
  DecodeProblems out_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

DecodeProblems JsonPatchOpProblems(const JsonValue& patch, std::string_view text) {
  return OpChecker(patch, text).Run();
}

}  // namespace ekslite::schema
