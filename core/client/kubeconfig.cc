#include "core/client/kubeconfig.h"

#include <fstream>
#include <sstream>

#include "core/base64.h"
#include "core/json.h"
#include "core/yaml.h"

namespace ekslite::client {
namespace {

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Resolve(const std::string& base_dir, std::string_view path) {
  if (path.empty() || path.front() == '/') return std::string(path);
  return base_dir + "/" + std::string(path);
}

// The entry named `name` of the list `list_name` ("clusters", "users",
// "contexts"): its inner object (under `inner`), or nullptr.
const JsonValue* Named(const JsonValue& config, std::string_view list_name, std::string_view name,
                       std::string_view inner) {
  const JsonValue* list = Member(config, list_name);
  if (list == nullptr || !list->IsArray()) return nullptr;
  for (const JsonValue& entry : list->GetArray()) {
    if (StringAt(entry, "name") == name) {
      const JsonValue* v = Member(entry, inner);
      return v != nullptr && v->IsObject() ? v : nullptr;
    }
  }
  return nullptr;
}

// The bytes of `<field>-data` (base64) or of the file `<field>` names; ""
// when neither is set.
StatusOr<std::string> DataOrFile(const JsonValue& section, const std::string& field,
                                 const std::string& base_dir) {
  std::string_view data = StringAt(section, field + "-data");
  if (!data.empty()) {
    auto decoded = Base64Decode(data);
    if (!decoded) return Status::Invalid("kubeconfig: " + field + "-data is not base64");
    return std::move(*decoded);
  }
  std::string_view file = StringAt(section, field);
  if (!file.empty()) return ReadFile(Resolve(base_dir, file));
  return std::string();
}

bool IsTrue(const JsonValue* v) {
  return v != nullptr && ((v->IsBool() && v->GetBool()) || View(*v) == "true");
}

}  // namespace

StatusOr<ClientConfig> ParseKubeconfig(std::string_view yaml, std::string_view context,
                                       const std::string& base_dir) {
  auto doc = YamlToJson(yaml);
  if (!doc.ok()) return Status::Invalid("kubeconfig: " + doc.status().message());
  const Json& config = *doc;
  std::string context_name(context.empty() ? StringAt(config, "current-context") : context);
  if (context_name.empty()) return Status::Invalid("kubeconfig: no current-context");
  const JsonValue* ctx = Named(config, "contexts", context_name, "context");
  if (ctx == nullptr) return Status::Invalid("kubeconfig: no context \"" + context_name + "\"");
  std::string cluster_name(StringAt(*ctx, "cluster"));
  const JsonValue* cluster = Named(config, "clusters", cluster_name, "cluster");
  if (cluster == nullptr) return Status::Invalid("kubeconfig: no cluster \"" + cluster_name + "\"");

  ClientConfig out;
  out.namespace_ = std::string(StringAt(*ctx, "namespace"));
  out.server = std::string(StringAt(*cluster, "server"));
  if (out.server.empty()) return Status::Invalid("kubeconfig: cluster has no server");
  EKS_ASSIGN_OR_RETURN(out.ca_pem, DataOrFile(*cluster, "certificate-authority", base_dir));
  out.insecure_skip_tls_verify = IsTrue(Member(*cluster, "insecure-skip-tls-verify"));
  out.tls_server_name = std::string(StringAt(*cluster, "tls-server-name"));

  std::string user_name(StringAt(*ctx, "user"));
  if (user_name.empty()) return out;  // anonymous
  const JsonValue* user = Named(config, "users", user_name, "user");
  if (user == nullptr) return Status::Invalid("kubeconfig: no user \"" + user_name + "\"");
  EKS_ASSIGN_OR_RETURN(out.client_certificate_pem,
                       DataOrFile(*user, "client-certificate", base_dir));
  EKS_ASSIGN_OR_RETURN(out.client_key_pem, DataOrFile(*user, "client-key", base_dir));
  if (out.client_certificate_pem.empty() != out.client_key_pem.empty()) {
    return Status::Invalid(
        "kubeconfig: a client certificate needs its key, and a key its certificate");
  }
  out.token = std::string(StringAt(*user, "token"));
  if (std::string_view token_file = StringAt(*user, "tokenFile");
      out.token.empty() && !token_file.empty()) {
    EKS_ASSIGN_OR_RETURN(out.token, ReadFile(Resolve(base_dir, token_file)));
    while (!out.token.empty() && (out.token.back() == '\n' || out.token.back() == '\r')) {
      out.token.pop_back();
    }
  }
  return out;
}

StatusOr<ClientConfig> LoadKubeconfig(const std::string& path, std::string_view context) {
  EKS_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  return ParseKubeconfig(text, context, dir);
}

}  // namespace ekslite::client
