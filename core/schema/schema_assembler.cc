// SchemaAssembler: a Schema built in code (see schema.h).
#include <utility>

#include "core/schema/schema.h"

namespace ekslite::schema {

SchemaAssembler::SchemaAssembler() : schema_(std::make_unique<Schema>()) {}

Message* SchemaAssembler::AddMessage(std::string name) {
  std::string unique = name;
  for (int n = 2; schema_->messages_.count(unique) != 0; ++n) {
    unique = name + "_" + std::to_string(n);
  }
  auto message = std::make_unique<Message>();
  message->name = unique;
  Message* raw = message.get();
  schema_->messages_.emplace(std::move(unique), std::move(message));
  return raw;
}

void SchemaAssembler::AddKind(const GroupVersionKind& gvk, const Message* message) {
  kinds_.emplace_back(gvk, message);
}

StatusOr<std::unique_ptr<Schema>> SchemaAssembler::Finish() {
  for (auto& [name, message] : schema_->messages_) {
    message->by_json_.clear();
    message->by_number_.clear();
    for (const Field& f : message->fields) {
      if (f.type == Type::kMessage && f.message_type == nullptr) {
        return Status::Invalid("message " + name + ": field " + f.json_name +
                               " has no message type");
      }
      if (!message->by_json_.emplace(f.json_name, &f).second) {
        return Status::Invalid("message " + name + ": JSON name \"" + f.json_name +
                               "\" appears twice");
      }
      if (f.number != 0) message->by_number_.emplace(f.number, &f);
    }
  }
  for (const auto& [gvk, message] : kinds_) {
    if (!schema_->kinds_.emplace(gvk, message).second) {
      return Status::Invalid("duplicate kind " + gvk.ApiVersion() + " " + gvk.kind);
    }
  }
  kinds_.clear();
  return std::exchange(schema_, std::make_unique<Schema>());
}

}  // namespace ekslite::schema
