// examples/lua_serve through `zvm serve`: Lua and its handler script loaded once, then every
// request answered from the snapshot. The answers are right, state does not leak between
// requests (the script's global request counter reads 1 in every reply of the same worker),
// and the same zapp served without `,snapshot` (full start-up per request) answers the same;
// the time per request of both is printed, not asserted.
#include "tests/serve_apps/serve_clients.h"
#include "tests/serve_apps/serve_process.h"
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

using zvm::test::ServeProcess;
using zvm::test::ZmqClient;

const std::string kZvm = std::string(ZVM_BIN_DIR) + "/zvm";
constexpr int kLimit = 200000; // LIMIT in examples/lua_serve/image/app/handler.lua

// What handle(input, args...) answers, computed here.
std::string expected_answer(const std::vector<std::string>& args, const std::string& input) {
    std::vector<bool> composite(kLimit + 1, false);
    int primes = 0;
    for (long n = 2; n <= kLimit; ++n) {
        if (composite[n]) continue;
        ++primes;
        for (long m = n * n; m <= kLimit; m += n)
            composite[m] = true;
    }
    std::string out = "served 1\n";
    for (const auto& a : args) {
        char* end = nullptr;
        const long n = std::strtol(a.c_str(), &end, 10);
        if (a.empty() || *end != '\0' || n < 2 || n > kLimit)
            out += a + ": not an integer in 2.." + std::to_string(kLimit) + "\n";
        else
            out += std::to_string(n) + (composite[n] ? ": composite\n" : ": prime\n");
    }
    std::istringstream words(input);
    std::string w;
    int count = 0;
    while (words >> w)
        ++count;
    return out + "words " + std::to_string(count) + " (primes below " + std::to_string(kLimit) +
           ": " + std::to_string(primes) + ")\n";
}

std::vector<std::string> request_args(int i) {
    return {std::to_string(2 + 7 * i), std::to_string(kLimit - i), "x" + std::to_string(i)};
}
std::string request_input(int i) {
    return std::string(static_cast<size_t>(i), 'w') + " a b\n c";
}

TEST(LuaServe, RunsOnceUnderZvmRun) {
    // zvm_snapshot does nothing under zvm run: one request after the full start-up.
    auto r = zvm::test::run_command({kZvm, "run", LUA_SERVE_ZAPP, "--", "97", "91", "abc"},
                                    "three words here");
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, expected_answer({"97", "91", "abc"}, "three words here"));
}

TEST(LuaServe, AnswersFromTheSnapshotWithoutLeakingState) {
    ServeProcess server(kZvm, {"--app", std::string("lua=") + LUA_SERVE_ZAPP + ",snapshot", "--app",
                               std::string("lua_cold=") + LUA_SERVE_ZAPP, "--workers", "1"});
    ASSERT_TRUE(server.ok()) << server.log();
    ZmqClient client(server.zmq_endpoint());
    constexpr int kRequests = 30;
    double seconds[2] = {0, 0};
    const char* apps[2] = {"lua", "lua_cold"};
    for (int a = 0; a < 2; ++a) {
        for (int i = 0; i < kRequests; ++i) {
            const auto start = std::chrono::steady_clock::now();
            const auto reply = client.request(apps[a], request_args(i), request_input(i));
            seconds[a] +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            ASSERT_TRUE(reply.ok) << apps[a] << " request " << i << ": " << reply.header;
            const auto header = nlohmann::json::parse(reply.header, nullptr, false);
            EXPECT_TRUE(!header.is_discarded() && header.value("status", -1) == 0) << reply.header;
            // One worker answered all: "served 1" every time means every request started
            // from the snapshot, not from the state the previous one left.
            EXPECT_EQ(reply.out, expected_answer(request_args(i), request_input(i)))
                << apps[a] << " request " << i << "; stderr: " << reply.err;
        }
    }
    std::printf("lua_serve, %d requests each over ZeroMQ: %.0f us per request from the snapshot, "
                "%.0f us with the full start-up (%.1fx)\n",
                kRequests, seconds[0] / kRequests * 1e6, seconds[1] / kRequests * 1e6,
                seconds[0] > 0 ? seconds[1] / seconds[0] : 0.0);
    EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST(LuaServe, ABigRequestLeavesNothingForTheNext) {
    ServeProcess server(
        kZvm, {"--app", std::string("lua=") + LUA_SERVE_ZAPP + ",snapshot", "--workers", "1"});
    ASSERT_TRUE(server.ok()) << server.log();
    ZmqClient client(server.zmq_endpoint());
    // 1000 arguments (zvm/serve.h takes up to 1024) and 1 MiB of input: many more pages
    // written than by the start-up; the next request still starts from the snapshot.
    std::vector<std::string> many;
    for (int i = 0; i < 1000; ++i)
        many.push_back(std::to_string(i * 37));
    std::string input;
    for (int i = 0; i < 100000; ++i)
        input += "word " + std::to_string(i % 10) + "\n";
    auto big = client.request("lua", many, input);
    ASSERT_TRUE(big.ok) << big.header;
    EXPECT_EQ(big.out, expected_answer(many, input)) << big.header << "\nstderr: " << big.err;
    auto next = client.request("lua", {"13"}, "one");
    ASSERT_TRUE(next.ok) << next.header;
    EXPECT_EQ(next.out, expected_answer({"13"}, "one"));
    EXPECT_EQ(server.stop(), 0) << server.log();
}

} // namespace
