// zvm serve end to end: a real server process with real workers, driven over ZeroMQ
// (libzmq directly and `zvm call`) and HTTP (`zvm call --http` and a raw socket). The
// zapp is tests/serve/programs/serve_probe.c (see its header for the modes).
#include "tests/support/free_port.h"
#include "tests/support/max_map_count.h"
#include "tests/support/serve_launcher.h"
#include "tests/support/subprocess.h"

#include <arpa/inet.h>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.h>

#include <algorithm>
#include <chrono>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using zvm::test::run_command;

const std::string kZvm = std::string(ZVM_BIN_DIR) + "/zvm";

std::string temp_dir() {
    char path[] = "/tmp/zvm-serve-test-XXXXXX";
    return mkdtemp(path);
}

// A temporary directory, removed with everything in it when this goes.
struct TempDir {
    std::string path = temp_dir();
    TempDir() = default;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

// Packs a nexe into a zapp in `dir`.
std::string pack(const std::string& dir, const std::string& nexe, const std::string& name) {
    const std::string zapp = dir + "/" + name + ".zapp";
    const auto r = run_command({kZvm, "pack", "-o", zapp, "--nexe", nexe});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    return zapp;
}

// A running `zvm serve` on an ipc endpoint (or `zmq`) and a free loopback port, stopped
// with SIGTERM at the end.
class ServeProcess {
  public:
    ServeProcess(const std::vector<std::string>& apps, const std::vector<std::string>& extra = {},
                 const std::string& zmq = "")
        : zmq_endpoint_(zmq.empty() ? "ipc://" + dir_.path + "/serve.sock" : zmq) {
        // The HTTP port was free when picked, but another process may take it before the
        // server binds it (as the local port of a connection of another test): then the
        // server is started again with another port.
        for (int attempt = 0; attempt < 5; ++attempt) {
            http_ = "127.0.0.1:" + std::to_string(zvm::test::free_loopback_port());
            launcher_.emplace(argv(apps, extra), dir_.path + "/serve.log",
                              std::chrono::seconds(30));
            if (launcher_->ready() ||
                launcher_->log().find("--http " + http_ + ": cannot listen") == std::string::npos)
                break;
        }
    }

    bool ready() const { return launcher_->ready(); }
    // Stops it (SIGTERM) and returns its exit status.
    int stop() { return launcher_->stop(); }
    void terminate() { launcher_->terminate(); }
    int pid() const { return launcher_->pid(); }
    const std::string& zmq() const { return zmq_endpoint_; }
    const std::string& http() const { return http_; }
    std::string log() const { return launcher_->log(); }

  private:
    std::vector<std::string> argv(const std::vector<std::string>& apps,
                                  const std::vector<std::string>& extra) const {
        std::vector<std::string> args = {kZvm, "serve", "--zmq", zmq_endpoint_, "--http", http_};
        for (const auto& a : apps)
            args.insert(args.end(), {"--app", a});
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    TempDir dir_; // removed after launcher_ stopped the server (members go in reverse)
    std::string zmq_endpoint_, http_;
    std::optional<zvm::test::ServeLauncher> launcher_;
};

// A request's header frame: {"app": APP, "args": [ARGS]} (the arguments as they are).
std::string request_header(const std::string& app, const std::vector<std::string>& args) {
    std::string header = "{\"app\":\"" + app + "\",\"args\":[";
    for (size_t i = 0; i < args.size(); ++i)
        header += (i ? ",\"" : "\"") + args[i] + "\"";
    return header + "]}";
}

// A ZeroMQ client (DEALER: several requests may be in flight).
class Client {
  public:
    explicit Client(const std::string& endpoint) {
        context_ = zmq_ctx_new();
        socket_ = zmq_socket(context_, ZMQ_DEALER);
        const int linger = 0, timeout = 20000;
        zmq_setsockopt(socket_, ZMQ_LINGER, &linger, sizeof linger);
        zmq_setsockopt(socket_, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
        zmq_connect(socket_, endpoint.c_str());
    }
    ~Client() {
        zmq_close(socket_);
        zmq_ctx_term(context_);
    }
    void send(const std::vector<std::string>& frames) {
        for (size_t i = 0; i < frames.size(); ++i)
            zmq_send(socket_, frames[i].data(), frames[i].size(),
                     i + 1 < frames.size() ? ZMQ_SNDMORE : 0);
    }
    void send_request(const std::string& app, const std::vector<std::string>& args,
                      const std::string& input = "") {
        send({request_header(app, args), input});
    }
    // The reply's frames (empty on timeout).
    std::vector<std::string> receive() {
        std::vector<std::string> parts;
        for (;;) {
            zmq_msg_t msg;
            zmq_msg_init(&msg);
            if (zmq_msg_recv(&msg, socket_, 0) < 0) {
                zmq_msg_close(&msg);
                return {};
            }
            parts.emplace_back(static_cast<const char*>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
            const bool more = zmq_msg_more(&msg);
            zmq_msg_close(&msg);
            if (!more) return parts;
        }
    }
    std::vector<std::string> call(const std::string& app, const std::vector<std::string>& args,
                                  const std::string& input = "") {
        send_request(app, args, input);
        return receive();
    }

  private:
    void* context_;
    void* socket_;
};

// A raw HTTP exchange: the status code and the whole response.
std::pair<int, std::string> http_request(const std::string& address, const std::string& request) {
    const size_t colon = address.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return {-1, ""};
    }
    ::write(fd, request.data(), request.size());
    std::string response;
    char buf[65536];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20000) <= 0) break;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        response.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    if (response.size() < 12) return {-1, response};
    return {std::stoi(response.substr(9, 3)), response};
}

std::string body_of(const std::string& response) {
    const size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? "" : response.substr(end + 4);
}

class ServeTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        probe_ = new std::string(pack(dir_->path, PROBE_NEXE, "probe"));
        probe_snapshot_ = new std::string(pack(dir_->path, PROBE_SNAPSHOT_NEXE, "probe_snapshot"));
    }
    static void TearDownTestSuite() {
        delete probe_;
        delete probe_snapshot_;
        delete dir_;
    }
    static TempDir* dir_;
    static std::string* probe_;
    static std::string* probe_snapshot_;
};
TempDir* ServeTest::dir_;
std::string* ServeTest::probe_;
std::string* ServeTest::probe_snapshot_;

TEST_F(ServeTest, AnswersOverZeroMqAndHttpWithArgsStdinAndEnvironment) {
    ServeProcess serve({"probe=" + *probe_});
    ASSERT_TRUE(serve.ready()) << serve.log();

    auto r = run_command(
        {kZvm, "call", "--zmq", serve.zmq(), "probe", "--no-stdin", "--", "hello", "a", "b c"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "hello a b c\n");

    r = run_command({kZvm, "call", "--zmq", serve.zmq(), "probe", "--", "echo"}, "from stdin\n");
    EXPECT_EQ(r.out, "from stdin\n");
    r = run_command({kZvm, "call", "--zmq", serve.zmq(), "probe", "--no-stdin", "--env",
                     "GREETING=bonjour", "--", "env", "GREETING"});
    EXPECT_EQ(r.out, "bonjour\n");
    r = run_command({kZvm, "call", "--zmq", serve.zmq(), "probe", "--no-stdin", "--", "exit", "7"});
    EXPECT_EQ(r.exit_status, 7);

    r = run_command({kZvm, "call", "--http", serve.http(), "probe", "--", "echo"}, "over http\n");
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "over http\n");
    const auto [code, response] = http_request(
        serve.http(), "POST /run/probe?arg=hello&arg=x%20y HTTP/1.1\r\nHost: t\r\nContent-Length: "
                      "0\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(code, 200) << response;
    EXPECT_EQ(body_of(response), "hello x y\n");
    EXPECT_NE(response.find("X-Zvm-Status: 0"), std::string::npos) << response;
    EXPECT_NE(response.find("X-Zvm-Exit-State: ok"), std::string::npos) << response;
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// The isolation test: a request leaves a secret everywhere it can write; the next
// requests, served by the same worker, find none of it, and get the very same heap, brk
// and mmap addresses (so they do look at the memory the secret was written to).
void check_isolation(const std::string& app_spec, const std::string& app) {
    ServeProcess serve({app_spec}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    for (int round = 0; round < 3; ++round) {
        const std::string secret = "SECRET-" + std::to_string(round) + "-zvm";
        auto w = client.call(app, {"write", secret});
        ASSERT_EQ(w.size(), 3u);
        ASSERT_NE(w[1].find("written"), std::string::npos) << w[0] << w[2];
        const std::string written_at = w[1].substr(0, w[1].find('\n'));
        for (int i = 0; i < 2; ++i) {
            auto s = client.call(app, {"scan", secret});
            ASSERT_EQ(s.size(), 3u);
            EXPECT_NE(s[1].find("clean"), std::string::npos) << s[1];
            EXPECT_EQ(s[1].find("found"), std::string::npos) << s[1];
            EXPECT_EQ(s[1].substr(0, s[1].find('\n')), written_at);
        }
    }
}

TEST_F(ServeTest, NothingOfOneRequestIsVisibleToTheNext) {
    check_isolation("probe=" + *probe_, "probe");
}

TEST_F(ServeTest, NothingLeaksFromTheSnapshotTakenAfterStartUp) {
    check_isolation("snap=" + *probe_snapshot_ + ",snapshot", "snap");
}

TEST_F(ServeTest, RequestsStartFromTheSnapshotState) {
    ServeProcess serve({"snap=" + *probe_snapshot_ + ",snapshot", "probe=" + *probe_},
                       {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    for (int i = 0; i < 5; ++i) {
        auto r = client.call("snap", {"counter"});
        ASSERT_EQ(r.size(), 3u);
        EXPECT_EQ(r[1], "counter 1 tls 1 started 42 block 7\n");
        r = client.call("probe", {"counter"});
        ASSERT_EQ(r.size(), 3u);
        EXPECT_EQ(r[1], "counter 1 tls 1 started 0 block -1\n");
    }
}

// Regression: a request that lowered its memory limit (setrlimit) lowered it for the
// worker's later requests too.
TEST_F(ServeTest, LimitsAreResetBetweenRequests) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1", "--memory", "64M"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("probe", {"limit"}).at(1), "as 67108864\n");
    EXPECT_EQ(client.call("probe", {"lower"}).at(1), "as 8388608\n");
    EXPECT_EQ(client.call("probe", {"limit"}).at(1), "as 67108864\n");
}

TEST_F(ServeTest, CrashTimeoutAndMemoryBombEndAloneAndTheWorkerGoesOn) {
    ServeProcess serve({"probe=" + *probe_},
                       {"--workers", "1", "--timeout", "1", "--memory", "64M"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());

    auto r = client.call("probe", {"crash"});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NE(r[0].find("\"status\":139"), std::string::npos) << r[0];
    EXPECT_NE(r[0].find("\"signal\":11"), std::string::npos) << r[0];
    EXPECT_NE(r[2].find("crashing"), std::string::npos) << r[2];
    EXPECT_NE(r[2].find("Signal 11 from untrusted code"), std::string::npos) << r[2];
    r = client.call("probe", {"hello"});
    EXPECT_EQ(r.at(1), "hello\n");

    r = client.call("probe", {"loop"});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NE(r[0].find("\"status\":124"), std::string::npos) << r[0];
    EXPECT_NE(r[0].find("session timeout"), std::string::npos) << r[0];
    r = client.call("probe", {"hello"});
    EXPECT_EQ(r.at(1), "hello\n");

    // A memory bomb is stopped by the memory limit: malloc fails, the probe says how far it
    // got and exits 3.
    r = client.call("probe", {"bomb"});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NE(r[1].find("bomb stopped at"), std::string::npos) << r[1];
    EXPECT_NE(r[0].find("\"status\":3"), std::string::npos) << r[0];
    r = client.call("probe", {"hello"});
    EXPECT_EQ(r.at(1), "hello\n");
    // The same worker served all of these: none was replaced.
    EXPECT_EQ(serve.log().find("worker"), std::string::npos) << serve.log();
}

TEST_F(ServeTest, AFailedHostMemoryCallEndsTheRequestAndTheWorkerIsReplaced) {
    // The probe splits a mapping until the host's vm.max_map_count makes an mprotect fail:
    // the request ends with a runtime error, and the worker, whose memory can no longer be
    // trusted to match its map, is replaced (docs/syscalls.md, "Memory rule").
    const uint64_t limit = zvm::test::host_max_map_count();
    ASSERT_NE(limit, 0u) << "cannot read vm.max_map_count";
    if (limit > zvm::test::kSandboxReachableMapCount)
        GTEST_SKIP() << "vm.max_map_count is " << limit << ": the sandbox cannot reach it";
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1", "--memory", "3G"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    auto r = client.call("probe", {"splitmaps"});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NE(r[0].find("\"status\":125"), std::string::npos) << r[0];
    EXPECT_NE(r[0].find("runtime error: cannot protect sandbox memory"), std::string::npos) << r[0];
    EXPECT_EQ(r[1], "") << "the instance went on";
    EXPECT_NE(r[2].find("runtime error: cannot protect sandbox memory"), std::string::npos) << r[2];
    r = client.call("probe", {"hello"});
    ASSERT_EQ(r.size(), 3u) << serve.log();
    EXPECT_EQ(r[1], "hello\n") << r[0] << "\n" << r[2] << "\n" << serve.log();
}

// A served zapp's image is read from a mapping of the zapp: a zapp that shrinks while
// served made the next read past its new end kill the worker with SIGBUS ("internal
// error" in the log, *worker lost* to the client). Now the request ends with a runtime
// error naming the image, as under zvm run, the worker is retired, and the server and its
// other apps go on.
TEST_F(ServeTest, AZappThatShrinksWhileServedEndsTheRequestWithARuntimeError) {
    TempDir dir;
    std::filesystem::create_directory(dir.path + "/tree");
    std::ofstream(dir.path + "/tree/big") << std::string(1 << 20, 'b');
    const std::string zapp = dir.path + "/big.zapp";
    const auto packed =
        run_command({kZvm, "pack", "-o", zapp, "--nexe", PROBE_NEXE, "--dir", dir.path + "/tree"});
    ASSERT_EQ(packed.exit_status, 0) << packed.err;
    ServeProcess serve({"big=" + zapp, "probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("big", {"size", "/big"}).at(1), "1048576\n");

    std::filesystem::resize_file(zapp, 4096);
    const auto r = client.call("big", {"size", "/big"});
    ASSERT_EQ(r.size(), 3u) << serve.log();
    const std::string message =
        "runtime error: the image " + zapp + " shrank while the program ran";
    EXPECT_NE(r[0].find("\"status\":125"), std::string::npos) << r[0];
    EXPECT_NE(r[0].find(message), std::string::npos) << r[0];
    EXPECT_EQ(r[1], "");
    EXPECT_NE(r[2].find(message), std::string::npos) << r[2];
    EXPECT_EQ(serve.log().find("internal error"), std::string::npos) << serve.log();
    EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST_F(ServeTest, AFullQueueAnswersBusy) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1", "--queue", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    for (int i = 0; i < 4; ++i)
        client.send_request("probe", {"slow", "300"});
    int busy = 0, done = 0;
    for (int i = 0; i < 4; ++i) {
        auto r = client.receive();
        ASSERT_EQ(r.size(), 3u);
        if (r[0].find("\"error\":\"busy\"") != std::string::npos) ++busy;
        if (r[1] == "slow done\n") ++done;
    }
    // One runs, one waits, the others find the queue full.
    EXPECT_EQ(done, 2);
    EXPECT_EQ(busy, 2);
}

TEST_F(ServeTest, MalformedRequestsGetErrorsAndTheServerStays) {
    ServeProcess serve({"probe=" + *probe_});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    client.send({"not json"});
    auto r = client.receive();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NE(r[0].find("bad request"), std::string::npos) << r[0];
    client.send({"{\"app\":\"probe\",\"args\":[1]}"});
    r = client.receive();
    EXPECT_NE(r.at(0).find("bad request"), std::string::npos) << r[0];
    client.send({"{\"app\":\"probe\"}", "stdin", "one frame too many"});
    r = client.receive();
    EXPECT_NE(r.at(0).find("bad request"), std::string::npos) << r[0];
    client.send({"{\"app\":\"nope\"}"});
    r = client.receive();
    EXPECT_NE(r.at(0).find("unknown app"), std::string::npos) << r[0];

    EXPECT_EQ(http_request(serve.http(),
                           "GET /elsewhere HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                  .first,
              404);
    EXPECT_EQ(
        http_request(serve.http(), "GET /run/nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            .first,
        404);
    EXPECT_EQ(http_request(serve.http(),
                           "DELETE /run/probe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                  .first,
              405);

    r = client.call("probe", {"hello"});
    EXPECT_EQ(r.at(1), "hello\n");
}

TEST_F(ServeTest, CgiAppsAnswerWithTheirOwnStatusAndHeaders) {
    ServeProcess serve({"page=" + *probe_ + ",cgi"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    auto [code, response] = http_request(
        serve.http(), "GET /run/page/cgi404 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(code, 404) << response;
    EXPECT_EQ(body_of(response), "no such page\n");
    EXPECT_NE(response.find("Content-Type: text/plain"), std::string::npos) << response;
    std::tie(code, response) = http_request(
        serve.http(), "GET /run/page/cgibad HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(code, 502) << response;
    std::tie(code, response) = http_request(
        serve.http(), "GET /run/page/env?x=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(code, 502) << response; // env without a NAME prints no CGI header
}

TEST_F(ServeTest, SigtermAnswersWhatIsRunningThenStops) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    client.send_request("probe", {"slow", "300"});
    client.send_request("probe", {"hello"});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    serve.terminate();
    auto first = client.receive();
    auto second = client.receive();
    EXPECT_EQ(first.at(1), "slow done\n");
    EXPECT_EQ(second.at(1), "hello\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST_F(ServeTest, AnAppThatCannotStartIsRefusedAtStart) {
    const std::string bogus = dir_->path + "/bogus.zapp";
    std::ofstream(bogus) << "not a zapp";
    ServeProcess serve({"bad=" + bogus});
    EXPECT_FALSE(serve.ready());
    EXPECT_EQ(serve.stop(), 126) << serve.log();
    EXPECT_NE(serve.log().find("bad"), std::string::npos) << serve.log();

    ServeProcess missing({"gone=" + dir_->path + "/missing.zapp"});
    EXPECT_EQ(missing.stop(), 127) << missing.log();
}

// A DEALER client may send several requests before reading: each gets its reply on the
// same connection.
TEST_F(ServeTest, ADealerPipelinesRequestsOnOneConnection) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "2"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    std::vector<std::string> expected, got;
    for (int i = 0; i < 8; ++i) {
        client.send_request("probe", {"hello", std::to_string(i)});
        expected.push_back("hello " + std::to_string(i) + "\n");
    }
    for (int i = 0; i < 8; ++i) {
        const auto r = client.receive();
        ASSERT_EQ(r.size(), 3u);
        got.push_back(r[1]);
    }
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected);
}

// A reply larger than the socket can take at once: the worker writes what it can on the
// client's connection, the server the rest, with nothing else in between; then further
// requests, pipelined, on the same connection. Over ipc and over TCP.
void check_large_replies(const std::string& probe, const std::string& endpoint) {
    ServeProcess serve({"probe=" + probe}, {"--workers", "2"}, endpoint);
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    std::string big(8 << 20, '\0');
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    for (int round = 0; round < 2; ++round) {
        client.send_request("probe", {"echo"}, big);
        for (int i = 0; i < 3; ++i)
            client.send_request("probe", {"hello", std::to_string(i)});
        std::vector<std::string> small;
        bool got_big = false;
        for (int i = 0; i < 4; ++i) {
            const auto r = client.receive();
            ASSERT_EQ(r.size(), 3u) << "reply " << i << " of round " << round << serve.log();
            if (r[1].size() == big.size()) {
                EXPECT_TRUE(r[1] == big) << "the 8 MiB reply differs";
                got_big = true;
            } else {
                small.push_back(r[1]);
            }
        }
        EXPECT_TRUE(got_big);
        std::sort(small.begin(), small.end());
        EXPECT_EQ(small, (std::vector<std::string>{"hello 0\n", "hello 1\n", "hello 2\n"}));
    }
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST_F(ServeTest, ALargeReplyArrivesWholeOverIpc) {
    check_large_replies(*probe_, "");
}

TEST_F(ServeTest, ALargeReplyArrivesWholeOverTcp) {
    check_large_replies(*probe_,
                        "tcp://127.0.0.1:" + std::to_string(zvm::test::free_loopback_port()));
}

// A client that goes away before its reply: the reply is dropped, the others are served.
TEST_F(ServeTest, AClientLeavingBeforeItsReplyDoesNotDisturbOthers) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    {
        Client leaving(serve.zmq());
        leaving.send_request("probe", {"slow", "200"});
        leaving.send_request("probe", {"hello"});
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } // closed with linger 0
    Client staying(serve.zmq());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(staying.call("probe", {"hello", std::to_string(i)}).at(1),
                  "hello " + std::to_string(i) + "\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// A request waiting in the queue keeps its own copy of its client's connection: when that
// client has gone and a new connection got the same descriptor number in the server, the
// new client gets its own replies and nothing else.
TEST_F(ServeTest, AQueuedRequestsReplyDoesNotReachALaterConnection) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client busy(serve.zmq());
    busy.send_request("probe", {"slow", "300"}); // the only worker is taken
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    {
        Client leaving(serve.zmq());
        leaving.send_request("probe", {"hello", "leaving"}); // waits in the queue
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } // closed with linger 0
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Client later(serve.zmq()); // most likely the descriptor number `leaving` had
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(later.call("probe", {"hello", std::to_string(i)}).at(1),
                  "hello " + std::to_string(i) + "\n");
    EXPECT_EQ(busy.receive().at(1), "slow done\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// Reads what the server sends on `fd` until it closes the connection (true) or 10 s pass.
bool closed_by_server(int fd) {
    char buf[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) <= 0) return false;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return true;
    }
}

// A TCP client that does not speak ZMTP, or speaks it wrongly, loses its own connection
// only: the server answers other clients, before and after.
TEST_F(ServeTest, GarbageOverTcpClosesOnlyThatConnection) {
    const int port = zvm::test::free_loopback_port();
    ServeProcess serve({"probe=" + *probe_}, {}, "tcp://127.0.0.1:" + std::to_string(port));
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client before(serve.zmq());
    EXPECT_EQ(before.call("probe", {"hello"}).at(1), "hello\n");
    std::string greeting(64, '\0');
    greeting[0] = '\xFF';
    greeting[9] = 0x7F;
    greeting[10] = 3;
    greeting.replace(12, 5, "PLAIN");
    std::string ready_then_garbage = greeting;
    ready_then_garbage.replace(12, 5, std::string("NULL\0", 5));
    ready_then_garbage += std::string("\x04\x19\x05READY\x0BSocket-Type\0\0\0\x03REQ", 27);
    ready_then_garbage += std::string("\x02\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 9); // 2^63 - 1
    for (const std::string& garbage :
         {std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), greeting, ready_then_garbage}) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<uint16_t>(port));
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
        ASSERT_EQ(::write(fd, garbage.data(), garbage.size()),
                  static_cast<ssize_t>(garbage.size()));
        EXPECT_TRUE(closed_by_server(fd));
        ::close(fd);
        EXPECT_EQ(before.call("probe", {"hello", "again"}).at(1), "hello again\n");
    }
    Client after(serve.zmq());
    EXPECT_EQ(after.call("probe", {"hello"}).at(1), "hello\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// ipc://PATH: a socket file left at PATH is replaced; the server removes its own at the end.
TEST_F(ServeTest, AnIpcEndpointReplacesAStaleSocketFile) {
    const TempDir dir;
    const std::string path = dir.path + "/stale.sock";
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
    const int stale = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_EQ(::bind(stale, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    ::close(stale); // the file stays
    ServeProcess serve({"probe=" + *probe_}, {}, "ipc://" + path);
    ASSERT_TRUE(serve.ready()) << serve.log();
    const auto r =
        run_command({kZvm, "call", "--zmq", serve.zmq(), "probe", "--no-stdin", "--", "hello"});
    EXPECT_EQ(r.out, "hello\n") << r.err;
    EXPECT_EQ(serve.stop(), 0) << serve.log();
    EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

// The workers' and the server's descriptors and resident memory do not grow with requests.
std::vector<int> children(int pid) {
    std::vector<int> out;
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    int child;
    while (in >> child)
        out.push_back(child);
    return out;
}
long rss_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}
int fd_count(int pid) {
    int n = 0;
    DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
    while (d && readdir(d))
        ++n;
    if (d) closedir(d);
    return n;
}

// A Unix stream connection to an ipc:// endpoint, or -1.
int connect_ipc(const std::string& endpoint) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", endpoint.substr(6).c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Whether the server closed `fd` within `ms` milliseconds (reading and dropping its bytes).
bool closed_within(int fd, int ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    char buf[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        if (::read(fd, buf, sizeof buf) <= 0) return true;
    }
}

// A connection that does not finish its greeting and handshake within --handshake-timeout
// is closed (a silent one, one that stops half way through the greeting); one that did
// stays however long it is idle.
TEST_F(ServeTest, AConnectionWithoutAHandshakeIsClosedAtItsDeadline) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1", "--handshake-timeout", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
    const int silent = connect_ipc(serve.zmq());
    const int halfway = connect_ipc(serve.zmq());
    ASSERT_GE(silent, 0);
    ASSERT_GE(halfway, 0);
    const std::string start_of_greeting("\xFF\0\0\0\0\0\0\0\0\x7F\x03", 11);
    ASSERT_EQ(::write(halfway, start_of_greeting.data(), start_of_greeting.size()), 11);
    EXPECT_FALSE(closed_within(silent, 300)); // not at once: it has its second
    EXPECT_TRUE(closed_within(silent, 10000));
    EXPECT_TRUE(closed_within(halfway, 10000));
    ::close(silent);
    ::close(halfway);
    EXPECT_EQ(client.call("probe", {"hello", "still"}).at(1), "hello still\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// The server's CPU time (user + system) in seconds.
double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Out of descriptors, the server leaves new connections in the listener's backlog and
// does not spin on the listener meanwhile; the connections it has go on; once
// descriptors are free again, the waiting connections are taken.
TEST_F(ServeTest, OutOfDescriptorsNewConnectionsWaitAndTheServerDoesNotSpin) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
    // The soft limit just above the lowest free descriptor number: one more connection
    // fits, the others wait.
    std::set<int> open;
    for (const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(serve.pid()) + "/fd"))
        open.insert(std::stoi(entry.path().filename().string()));
    int lowest_free = 0;
    while (open.count(lowest_free))
        ++lowest_free;
    rlimit old{};
    ASSERT_EQ(::prlimit(serve.pid(), RLIMIT_NOFILE, nullptr, &old), 0) << std::strerror(errno);
    const rlimit low{static_cast<rlim_t>(lowest_free + 1), old.rlim_max}; // the soft one only
    ASSERT_EQ(::prlimit(serve.pid(), RLIMIT_NOFILE, &low, nullptr), 0) << std::strerror(errno);
    std::vector<int> waiting;
    for (int i = 0; i < 4; ++i) {
        waiting.push_back(connect_ipc(serve.zmq()));
        ASSERT_GE(waiting.back(), 0);
    }
    const double before = cpu_seconds(serve.pid());
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    // Spinning on the listener would take about the whole two seconds.
    EXPECT_LT(cpu_seconds(serve.pid()) - before, 0.5);
    EXPECT_EQ(client.call("probe", {"hello", "meanwhile"}).at(1), "hello meanwhile\n");
    for (const int fd : waiting)
        ::close(fd);
    ASSERT_EQ(::prlimit(serve.pid(), RLIMIT_NOFILE, &old, nullptr), 0) << std::strerror(errno);
    Client later(serve.zmq());
    EXPECT_EQ(later.call("probe", {"hello", "later"}).at(1), "hello later\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST_F(ServeTest, ManyRequestsGrowNeitherMemoryNorDescriptors) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    auto batch = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const auto r = client.call("probe", {"hello", std::to_string(i)});
            ASSERT_EQ(r.size(), 3u);
            ASSERT_EQ(r[1], "hello " + std::to_string(i) + "\n");
        }
    };
    batch(1000); // warm: allocator pools, page tables
    // Counted with the worker idle: while it answers on the client's connection it holds a
    // copy of that descriptor, closed right after the reply left (which the client may see
    // first).
    const auto idle = [] { std::this_thread::sleep_for(std::chrono::milliseconds(100)); };
    idle();
    const auto workers = children(serve.pid());
    ASSERT_EQ(workers.size(), 1u);
    const long server_rss = rss_kib(serve.pid()), worker_rss = rss_kib(workers[0]);
    const int server_fds = fd_count(serve.pid()), worker_fds = fd_count(workers[0]);
    // ZVM_SERVE_GROWTH_REQUESTS in the environment sets the count for a longer run by hand
    // (for example a million); CI runs the build's default.
    const char* count = std::getenv("ZVM_SERVE_GROWTH_REQUESTS");
    batch(count != nullptr ? std::atoi(count) : ZVM_SERVE_GROWTH_REQUESTS);
    idle();
    EXPECT_EQ(children(serve.pid()), workers); // never replaced
    EXPECT_EQ(fd_count(serve.pid()), server_fds);
    EXPECT_EQ(fd_count(workers[0]), worker_fds);
    EXPECT_LE(rss_kib(serve.pid()), server_rss + 512);
    EXPECT_LE(rss_kib(workers[0]), worker_rss + 512);
}

// A worker that dies during a request (here: killed) is answered *worker lost* on the
// connection the request came on (which that worker would have written the reply to
// itself), and replaced; the same connection goes on.
TEST_F(ServeTest, AWorkerKilledMidRequestIsAnsweredWorkerLostAndReplaced) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
    const auto workers = children(serve.pid());
    ASSERT_EQ(workers.size(), 1u);
    client.send_request("probe", {"slow", "5000"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(::kill(workers[0], SIGKILL), 0);
    const auto lost = client.receive();
    ASSERT_EQ(lost.size(), 3u) << serve.log();
    EXPECT_NE(lost[0].find("\"error\":\"worker lost\""), std::string::npos) << lost[0];
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(client.call("probe", {"hello", std::to_string(i)}).at(1),
                  "hello " + std::to_string(i) + "\n");
    const auto now = children(serve.pid());
    ASSERT_EQ(now.size(), 1u);
    EXPECT_NE(now[0], workers[0]);
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// A worker that has not ended a request by its deadline (the timeout plus two seconds;
// here it is stopped, so its own timer cannot end the instance) is killed, the request is
// answered *worker lost* and the worker replaced: a request the server passed to it, and
// one it read from a connection it holds, of which the server learns from the page they
// share alone (runtime/serve/held_state.h).
TEST_F(ServeTest, AWorkerPastItsDeadlineIsAnsweredWorkerLostAndReplaced) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1", "--timeout", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    for (const bool held : {false, true}) {
        SCOPED_TRACE(held ? "held connection" : "request passed by the server");
        Client client(serve.zmq());
        if (held) {
            EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
        }
        const auto workers = children(serve.pid());
        ASSERT_EQ(workers.size(), 1u);
        client.send_request("probe", {"slow", "5000"});
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ASSERT_EQ(::kill(workers[0], SIGSTOP), 0);
        const auto lost = client.receive();
        ASSERT_EQ(lost.size(), 3u) << serve.log();
        EXPECT_NE(lost[0].find("\"error\":\"worker lost\""), std::string::npos) << lost[0];
        EXPECT_NE(lost[0].find("did not end the request at its timeout"), std::string::npos)
            << lost[0];
        EXPECT_EQ(client.call("probe", {"hello", "after"}).at(1), "hello after\n");
        const auto now = children(serve.pid());
        ASSERT_EQ(now.size(), 1u);
        EXPECT_NE(now[0], workers[0]);
    }
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// --- A connection held by its worker (runtime/serve/zmtp_front.h): after answering, the
// worker reads the client's next request from the connection itself; what it does not
// take goes back to the front as it was read.

// A ZeroMQ DEALER spoken by hand over ipc, for what libzmq keeps from a test: a PING, a
// request written in pieces, seeing the server close the connection.
class RawZmtp {
  public:
    explicit RawZmtp(const std::string& endpoint) : fd_(connect_ipc(endpoint)) {}
    ~RawZmtp() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawZmtp(const RawZmtp&) = delete;
    RawZmtp& operator=(const RawZmtp&) = delete;
    int fd() const { return fd_; }

    static std::string frame(const std::string& body, uint8_t flags) {
        std::string out(1, static_cast<char>(flags | (body.size() > 255 ? 0x02 : 0)));
        if (body.size() > 255) {
            for (int i = 7; i >= 0; --i)
                out += static_cast<char>((body.size() >> (8 * i)) & 0xFF);
        } else {
            out += static_cast<char>(body.size());
        }
        return out + body;
    }
    static std::string message(const std::vector<std::string>& frames) {
        std::string out;
        for (size_t i = 0; i < frames.size(); ++i)
            out += frame(frames[i], i + 1 < frames.size() ? 0x01 : 0);
        return out;
    }
    static std::string command(const std::string& name, const std::string& data) {
        return frame(std::string(1, static_cast<char>(name.size())) + name + data, 0x04);
    }
    static std::string request(const std::vector<std::string>& args, const std::string& input) {
        return message({request_header("probe", args), input});
    }

    // Greetings and READY both ways.
    bool handshake() {
        std::string greeting(64, '\0');
        greeting[0] = '\xFF';
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 1;
        greeting.replace(12, 4, "NULL");
        std::string peer;
        bool is_command = false;
        std::string body;
        const std::string socket_type = std::string("\x0BSocket-Type\0\0\0\x06", 16) + "DEALER";
        return write_all(greeting + command("READY", socket_type)) && read_exact(64, &peer) &&
               read_frame(&is_command, &body) && is_command && body.substr(1, 5) == "READY";
    }
    bool write_all(const std::string& bytes) {
        for (size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }
    // One frame (a command if *is_command); false at the end of the stream or after 10 s.
    bool read_frame(bool* is_command, std::string* body, bool* more = nullptr) {
        std::string head;
        if (!read_exact(2, &head)) return false;
        const auto flags = static_cast<uint8_t>(head[0]);
        uint64_t size = static_cast<uint8_t>(head[1]);
        if (flags & 0x02) {
            std::string rest;
            if (!read_exact(7, &rest)) return false;
            for (const char c : rest)
                size = (size << 8) | static_cast<uint8_t>(c);
        }
        *is_command = (flags & 0x04) != 0;
        if (more) *more = (flags & 0x01) != 0;
        return read_exact(size, body);
    }
    // The frames of the next message (empty on failure or if a command came instead).
    std::vector<std::string> receive() {
        std::vector<std::string> frames;
        bool is_command = false, more = true;
        while (more) {
            std::string body;
            if (!read_frame(&is_command, &body, &more) || is_command) return {};
            frames.push_back(std::move(body));
        }
        return frames;
    }

  private:
    bool read_exact(uint64_t size, std::string* out) {
        out->clear();
        char buf[65536];
        while (out->size() < size) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 10000) <= 0) return false;
            const ssize_t n = ::read(fd_, buf, std::min<uint64_t>(sizeof buf, size - out->size()));
            if (n <= 0) return false;
            out->append(buf, static_cast<size_t>(n));
        }
        return true;
    }
    int fd_;
};

// Requests for two apps, bad requests and unknown apps, alternating on one connection: the
// worker holding it takes its own app's requests and gives the others back; every request
// gets its own reply, in order.
TEST_F(ServeTest, OneConnectionAlternatingBetweenAppsGetsEveryReply) {
    ServeProcess serve({"a=" + *probe_, "b=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    for (int i = 0; i < 20; ++i) {
        const std::string app = i % 2 ? "b" : "a", n = std::to_string(i);
        EXPECT_EQ(client.call(app, {"hello", app, n}).at(1), "hello " + app + " " + n + "\n");
        if (i % 5 == 0) {
            client.send({"not json"});
            EXPECT_NE(client.receive().at(0).find("bad request"), std::string::npos);
            client.send({"{\"app\":\"nope\"}"});
            EXPECT_NE(client.receive().at(0).find("unknown app"), std::string::npos);
        }
    }
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// A held connection: a PING is answered (PONG with its context), a request written in
// pieces and one larger than a read are taken whole, a REQ client's delimiter is mirrored,
// two requests written at once are both answered.
TEST_F(ServeTest, AHeldConnectionAnswersPingsAndRequestsInPiecesOrLarge) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    RawZmtp raw(serve.zmq());
    ASSERT_TRUE(raw.handshake());
    ASSERT_TRUE(raw.write_all(RawZmtp::request({"hello", "1"}, "")));
    EXPECT_EQ(raw.receive().at(1), "hello 1\n");

    ASSERT_TRUE(raw.write_all(RawZmtp::command("PING", std::string("\0\x0A"
                                                                   "ctx",
                                                                   5))));
    bool is_command = false;
    std::string body;
    ASSERT_TRUE(raw.read_frame(&is_command, &body));
    EXPECT_TRUE(is_command);
    EXPECT_EQ(body, std::string("\x04PONGctx"));

    const std::string pieces = RawZmtp::request({"hello", "2"}, "");
    for (size_t at = 0; at < pieces.size(); at += 7) {
        ASSERT_TRUE(raw.write_all(pieces.substr(at, 7)));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(raw.receive().at(1), "hello 2\n");

    std::string big(3 << 20, '\0');
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    ASSERT_TRUE(raw.write_all(RawZmtp::request({"echo"}, big)));
    const auto echoed = raw.receive();
    ASSERT_EQ(echoed.size(), 3u);
    EXPECT_TRUE(echoed[1] == big) << "the 3 MiB echo differs";
    // Larger than a worker reads from a held connection (4 MiB): given back, still served.
    big += big;
    ASSERT_TRUE(raw.write_all(RawZmtp::request({"echo"}, big)));
    const auto echoed_again = raw.receive();
    ASSERT_EQ(echoed_again.size(), 3u);
    EXPECT_TRUE(echoed_again[1] == big) << "the 6 MiB echo differs";

    ASSERT_TRUE(raw.write_all(RawZmtp::message({"", "{\"app\":\"probe\",\"args\":[\"hello\"]}"})));
    const auto delimited = raw.receive();
    ASSERT_EQ(delimited.size(), 4u);
    EXPECT_EQ(delimited[0], "");
    EXPECT_EQ(delimited[2], "hello\n");

    ASSERT_TRUE(
        raw.write_all(RawZmtp::request({"hello", "3"}, "") + RawZmtp::request({"hello", "4"}, "")));
    std::vector<std::string> got = {raw.receive().at(1), raw.receive().at(1)};
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"hello 3\n", "hello 4\n"}));
    ASSERT_TRUE(raw.write_all(RawZmtp::request({"hello", "5"}, "")));
    EXPECT_EQ(raw.receive().at(1), "hello 5\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// The only worker holds one client's connection; another client's request makes the
// server ask for it back; both clients go on being served.
TEST_F(ServeTest, TheOnlyWorkerGivesAHeldConnectionBackForAnotherClient) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client first(serve.zmq()), second(serve.zmq());
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        EXPECT_EQ(first.call("probe", {"hello", "first", n}).at(1), "hello first " + n + "\n");
        EXPECT_EQ(second.call("probe", {"hello", "second", n}).at(1), "hello second " + n + "\n");
    }
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// A client closing the connection its worker holds: the worker gives it back, the server
// closes it (no descriptor left behind) and the worker serves the next client.
TEST_F(ServeTest, AClientClosingItsHeldConnectionFreesTheWorker) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    const int server_fds = fd_count(serve.pid());
    {
        RawZmtp leaving(serve.zmq());
        ASSERT_TRUE(leaving.handshake());
        ASSERT_TRUE(leaving.write_all(RawZmtp::request({"hello"}, "")));
        EXPECT_EQ(leaving.receive().at(1), "hello\n");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(fd_count(serve.pid()), server_fds);
    Client staying(serve.zmq());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(staying.call("probe", {"hello", std::to_string(i)}).at(1),
                  "hello " + std::to_string(i) + "\n");
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// A worker killed while it holds a connection (and no request): what it had read is
// unknown, so the server closes that connection; the worker is replaced.
TEST_F(ServeTest, AWorkerKilledHoldingAConnectionClosesItAndIsReplaced) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    RawZmtp raw(serve.zmq());
    ASSERT_TRUE(raw.handshake());
    ASSERT_TRUE(raw.write_all(RawZmtp::request({"hello"}, "")));
    EXPECT_EQ(raw.receive().at(1), "hello\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto workers = children(serve.pid());
    ASSERT_EQ(workers.size(), 1u);
    ASSERT_EQ(::kill(workers[0], SIGKILL), 0);
    EXPECT_TRUE(closed_within(raw.fd(), 10000));
    Client after(serve.zmq());
    EXPECT_EQ(after.call("probe", {"hello", "after"}).at(1), "hello after\n");
    const auto now = children(serve.pid());
    ASSERT_EQ(now.size(), 1u);
    EXPECT_NE(now[0], workers[0]);
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// Whether process `pid` (a child of another process) has ended within `ms` milliseconds.
bool ended_within(int pid, int ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (stat.empty() || stat.substr(stat.rfind(')') + 2, 1) == "Z") return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// SIGTERM while a worker holds an idle connection: the server takes it back and stops.
TEST_F(ServeTest, SigtermStopsWhileAWorkerHoldsAConnection) {
    ServeProcess serve({"probe=" + *probe_}, {"--workers", "1"});
    ASSERT_TRUE(serve.ready()) << serve.log();
    Client client(serve.zmq());
    EXPECT_EQ(client.call("probe", {"hello"}).at(1), "hello\n");
    serve.terminate();
    const bool ended = ended_within(serve.pid(), 10000);
    EXPECT_TRUE(ended) << serve.log();
    if (!ended) ::kill(serve.pid(), SIGKILL); // rather than wait for it in stop()
    EXPECT_EQ(serve.stop(), 0) << serve.log();
}

} // namespace
