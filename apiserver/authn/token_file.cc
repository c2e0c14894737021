#include "apiserver/authn/token_file.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <unordered_set>
#include <utility>

#include "apiserver/authn/bearer_token.h"
#include "apiserver/authn/groups.h"
#include "apiserver/pki/file_io.h"

namespace ekslite::apiserver {
namespace {

// Splits one CSV line into fields; an error message on malformed quoting.
StatusOr<std::vector<std::string>> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return Status(Code::kInvalid, "unterminated quoted field");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        return Status(Code::kInvalid, "unexpected text after a quoted field");
      }
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') return Status(Code::kInvalid, "a quote inside an unquoted field");
        field += line[i++];
      }
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

std::vector<std::string> SplitGroups(std::string_view groups) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= groups.size()) {
    size_t end = groups.find(',', start);
    if (end == std::string_view::npos) end = groups.size();
    std::string_view g = groups.substr(start, end - start);
    while (!g.empty() && g.front() == ' ') g.remove_prefix(1);
    while (!g.empty() && g.back() == ' ') g.remove_suffix(1);
    if (!g.empty()) out.emplace_back(g);
    start = end + 1;
  }
  return out;
}

StatusOr<TokenEntry> ParseLine(std::string_view line) {
  EKS_ASSIGN_OR_RETURN(std::vector<std::string> fields, SplitCsvLine(line));
  if (fields.size() < 3 || fields.size() > 4) {
    return Status(Code::kInvalid, "want token,user,uid[,groups], found " +
                                      std::to_string(fields.size()) + " columns");
  }
  if (fields[0].empty()) return Status(Code::kInvalid, "empty token");
  if (fields[1].empty()) return Status(Code::kInvalid, "empty user name");
  TokenEntry entry;
  entry.token = std::move(fields[0]);
  entry.user.name = std::move(fields[1]);
  entry.user.uid = std::move(fields[2]);
  if (fields.size() == 4) entry.user.groups = SplitGroups(fields[3]);
  return entry;
}

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest Sha256(std::string_view s) {
  Digest d;
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d.data());
  return d;
}

class TokenAuthenticator : public Authenticator {
 public:
  explicit TokenAuthenticator(std::vector<TokenEntry> entries) {
    for (TokenEntry& e : entries) {
      entries_.push_back({Sha256(e.token), WithAuthenticatedGroup(std::move(e.user))});
    }
  }

  StatusOr<std::optional<UserInfo>> Authenticate(const http::Request& request,
                                                 const Peer& peer) override {
    std::optional<std::string_view> token = BearerToken(request);
    if (!token) return std::optional<UserInfo>();
    // Every entry is compared, in constant time, so the time taken says
    // nothing about how much of a token matched or where it is in the file.
    Digest digest = Sha256(*token);
    const Entry* found = nullptr;
    for (const Entry& e : entries_) {
      if (CRYPTO_memcmp(e.digest.data(), digest.data(), digest.size()) == 0) found = &e;
    }
    if (found == nullptr) return Status::Unauthorized("invalid bearer token");
    return std::optional<UserInfo>(found->user);
  }

 private:
  struct Entry {
    Digest digest;
    UserInfo user;
  };
  std::vector<Entry> entries_;  // immutable after construction
};

}  // namespace

StatusOr<std::vector<TokenEntry>> ParseTokenFile(std::string_view content,
                                                 std::string_view source) {
  std::vector<TokenEntry> entries;
  std::unordered_set<std::string> seen;
  int line_number = 0;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto where = [&] { return std::string(source) + " line " + std::to_string(line_number); };
    StatusOr<TokenEntry> entry = ParseLine(line);
    if (!entry.ok()) return Status(Code::kInvalid, where() + ": " + entry.status().message());
    if (!seen.insert(entry->token).second) {
      return Status(Code::kInvalid, where() + ": duplicate token");
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

StatusOr<std::vector<TokenEntry>> LoadTokenFile(const std::string& path) {
  EKS_ASSIGN_OR_RETURN(std::string content, pki::ReadFile(path));
  return ParseTokenFile(content, path);
}

std::shared_ptr<Authenticator> NewTokenAuthenticator(std::vector<TokenEntry> entries) {
  return std::make_shared<TokenAuthenticator>(std::move(entries));
}

}  // namespace ekslite::apiserver
