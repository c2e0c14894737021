#include "hack/bench/server_start.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include "hack/bench/api_client.h"

extern char** environ;

namespace ekslite::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A port nobody listens on right now (bound to port 0, then released).
StatusOr<int> FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Internal(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) return Status::Internal(std::string("bind: ") + std::strerror(errno));
  return static_cast<int>(ntohs(addr.sin_port));
}

StatusOr<pid_t> Spawn(const std::vector<std::string>& args, const std::string& log_file) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::Internal("spawn " + args[0] + ": " + std::strerror(rc));
  return pid;
}

// One probe: true when /readyz answered 200 "ok".
bool Ready(const ApiEndpoint& endpoint) {
  auto client = ApiClient::Connect(endpoint);
  if (!client.ok()) return false;
  auto reply = (*client)->Send("GET", "/readyz");
  return reply.ok() && reply->status == 200 && reply->body == "ok";
}

// The value in kB of `field` ("VmRSS") in /proc/<pid>/status, or -1.
int64_t ProcStatusField(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atoll(line.c_str() + field.size() + 1);
  }
  return -1;
}

void Stop(pid_t pid, int sig) {
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

StatusOr<StartSample> MeasureStart(const StartOptions& options) {
  StartSample sample;
  sample.cold = ::access((options.data_dir + "/pki/ca.crt").c_str(), F_OK) != 0;
  EKS_ASSIGN_OR_RETURN(const int port, FreePort());
  ApiEndpoint endpoint;
  endpoint.port = port;
  endpoint.ca_file = options.data_dir + "/pki/ca.crt";
  const std::vector<std::string> args = {options.binary,
                                         "server",
                                         "--data-dir=" + options.data_dir,
                                         "--listen=127.0.0.1:" + std::to_string(port),
                                         "--storage=" + options.storage,
                                         "--log-level=warn"};
  const Clock::time_point spawned = Clock::now();
  EKS_ASSIGN_OR_RETURN(const pid_t pid, Spawn(args, options.log_file));
  while (!Ready(endpoint)) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      return Status::Unavailable("the server exited before it was ready; see " + options.log_file);
    }
    if (Clock::now() - spawned > options.timeout) {
      Stop(pid, SIGKILL);
      return Status::Unavailable("the server was not ready in time");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  sample.ready_ms = std::chrono::duration<double, std::milli>(Clock::now() - spawned).count();
  std::this_thread::sleep_for(options.rss_after);
  sample.rss_kib = ProcStatusField(pid, "VmRSS");
  sample.hwm_kib = ProcStatusField(pid, "VmHWM");
  sample.threads = ProcStatusField(pid, "Threads");
  Stop(pid, SIGTERM);
  return sample;
}

}  // namespace ekslite::bench
