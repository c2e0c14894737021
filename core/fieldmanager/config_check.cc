// CheckConfig: what upstream refuses when it turns an apply configuration
// into a typed value. The live object is allowed duplicates; a configuration
// is not, since each of its items must be owned on its own.
#include <unordered_set>
#include <vector>

#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

class ConfigChecker {
 public:
  void Check(const JsonValue& v, const TypeRef& t) {
    if (v.IsNull() || t.IsLeaf(v)) return;
    if (v.IsObject()) {
      for (const auto& m : v.GetObject()) {
        std::string_view key = View(m.name);
        path_.push_back(FieldElement(key));
        Check(m.value, t.Child(key));
        path_.pop_back();
      }
      return;
    }
    if (v.IsArray()) List(v, t);
  }

  Status Result() const {
    if (errors_.empty()) return Status::Ok();
    if (errors_.size() == 1) return Status::BadRequest(errors_[0]);
    std::string message = "errors:";
    for (const std::string& e : errors_) message += "\n  " + e;
    return Status::BadRequest(message);
  }

 private:
  void List(const JsonValue& list, const TypeRef& t) {
    TypeRef element = t.Element();
    std::unordered_set<std::string> seen;
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
      const JsonValue& item = list[i];
      std::string pe = t.ItemElement(item, i);
      if (pe.empty() || pe[0] == 'i') {
        if (t.list_type() == TypeRef::ListType::kAssociative) {
          Error("element " + std::to_string(i) + ": " + MissingKey(item, t));
          continue;
        }
      } else if (!seen.insert(pe).second) {
        Error("duplicate entries for key " + PathString({pe}));
        continue;
      }
      path_.push_back(pe.empty() ? IndexElement(i) : pe);
      Check(item, element);
      path_.pop_back();
    }
  }

  static std::string MissingKey(const JsonValue& item, const TypeRef& t) {
    if (item.IsNull()) return "associative list with keys may not have a null element";
    if (!item.IsObject()) return "associative list with keys may not have non-map elements";
    for (const std::string& key : t.keys()) {
      if (Member(item, key) == nullptr) {
        return "associative list with keys has an element that omits key field \"" + key +
               "\" (and doesn't have default value)";
      }
    }
    return "associative list with keys has an element that omits key field";
  }

  void Error(const std::string& message) { errors_.push_back(PathString(path_) + ": " + message); }

  Path path_;
  std::vector<std::string> errors_;
};

}  // namespace

Status CheckConfig(const JsonValue& config, const TypeRef& type) {
  ConfigChecker checker;
  checker.Check(config, type);
  return checker.Result();
}

}  // namespace ekslite::fieldmanager
