// End-to-end tests of `zvm run` on the hand-written nexes of programs/*.S.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

struct Outcome {
    int status = -1; // exit status, or 1000 + N when zvm itself died of signal N
    std::string out;
    std::string err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Outcome run(std::vector<std::string> args) {
    args.insert(args.begin(), ZVM_BINARY);
    const std::string dir = ::testing::TempDir();
    const std::string out_path = dir + "/zvm_out_" + std::to_string(getpid());
    const std::string err_path = dir + "/zvm_err_" + std::to_string(getpid());
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    Outcome outcome;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return outcome;
    }
    posix_spawn_file_actions_destroy(&actions);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    outcome.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 1000 + WTERMSIG(wstatus);
    outcome.out = slurp(out_path);
    outcome.err = slurp(err_path);
    unlink(out_path.c_str());
    unlink(err_path.c_str());
    return outcome;
}

std::string nexe(const std::string& name) {
    return std::string(ZVM_TEST_PROGRAMS) + "/" + name + ".nexe";
}

Outcome run_nexe(const std::string& name, std::vector<std::string> args = {}) {
    std::vector<std::string> cmd = {"run", nexe(name)};
    if (!args.empty()) {
        cmd.push_back("--");
        cmd.insert(cmd.end(), args.begin(), args.end());
    }
    return run(cmd);
}

TEST(Run, HelloWritesToStdout) {
    const Outcome o = run_nexe("hello");
    EXPECT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(o.out, "hello, sandbox\n");
    EXPECT_EQ(o.err, "");
}

TEST(Run, ExitCodePassesThroughLow8Bits) {
    const Outcome o = run_nexe("exit_code");
    EXPECT_EQ(o.status, 42) << o.err;
}

TEST(Run, ArgvPassesThrough) {
    const Outcome o = run_nexe("argv", {"one", "two words", "-x", ""});
    EXPECT_EQ(o.status, 5) << o.err; // argc
    EXPECT_EQ(o.out, "argv.nexe\none\ntwo words\n-x\n\n");
}

TEST(Run, BadPointersGetEfault) {
    const Outcome o = run_nexe("efault");
    EXPECT_EQ(o.status, 0) << "failing case " << o.status << "\n" << o.err;
    EXPECT_EQ(o.out, "ok\n");
}

TEST(Run, UnknownCallsGetEnosys) {
    const Outcome o = run_nexe("enosys");
    EXPECT_EQ(o.status, 0) << "failing case " << o.status << "\n" << o.err;
}

TEST(Run, NullCallPreservesRegistersAndLeaksNoHostAddress) {
    const Outcome o = run_nexe("regs");
    EXPECT_EQ(o.status, 0) << "failing check " << o.status << "\n" << o.err;
}

struct FaultCase {
    const char* program;
    int signal;
};

class Faults : public ::testing::TestWithParam<FaultCase> {};

TEST_P(Faults, AreReportedWithSignalAndAddress) {
    const FaultCase c = GetParam();
    const Outcome o = run_nexe(c.program);
    EXPECT_EQ(o.status, 128 + c.signal) << o.err;
    const std::string report =
        "Signal " + std::to_string(c.signal) + " from untrusted code: Halting at 0x20000";
    EXPECT_NE(o.err.find(report), std::string::npos) << o.err;
}

INSTANTIATE_TEST_SUITE_P(Run, Faults,
                         ::testing::Values(FaultCase{"fault_ud2", SIGILL},
                                           FaultCase{"fault_hlt", SIGSEGV},
                                           FaultCase{"fault_null", SIGSEGV},
                                           FaultCase{"fault_div", SIGFPE}),
                         [](const auto& info) { return std::string(info.param.program); });

TEST(Run, MissingFileIs127) {
    const Outcome o = run({"run", nexe("does_not_exist")});
    EXPECT_EQ(o.status, 127);
    EXPECT_NE(o.err.find("does_not_exist.nexe"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("No such file"), std::string::npos) << o.err;
}

TEST(Run, NonElfIs126) {
    const std::string path = ::testing::TempDir() + "/not_elf_" + std::to_string(getpid());
    {
        std::ofstream f(path);
        f << "#!/bin/sh\necho this is not a nexe\n";
    }
    const Outcome o = run({"run", path});
    unlink(path.c_str());
    EXPECT_EQ(o.status, 126);
    EXPECT_NE(o.err.find("not a nexe"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find(path), std::string::npos) << o.err;
}

TEST(Run, ValidationFailureIs126WithTheViolation) {
    const Outcome o = run_nexe("bad_addr32");
    EXPECT_EQ(o.status, 126) << o.err;
    EXPECT_NE(o.err.find("validation failed"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("20000"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("R3-addr32"), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "");
}

TEST(Run, SessionTimeoutIs124) {
    const Outcome o = run({"run", "--timeout", "0.2", nexe("loop")});
    EXPECT_EQ(o.status, 124) << o.err;
    EXPECT_NE(o.err.find("session timeout"), std::string::npos) << o.err;
}

TEST(Run, MemoryLimitTooSmallForTheImageIs126) {
    const Outcome o = run({"run", "--memory", "64K", nexe("hello")});
    EXPECT_EQ(o.status, 126) << o.err;
    EXPECT_NE(o.err.find("memory limit"), std::string::npos) << o.err;
    EXPECT_EQ(run({"run", "--memory", "64M", nexe("hello")}).status, 0);
}

TEST(Run, BadCommandLineIs125) {
    EXPECT_EQ(run({"run"}).status, 125);
    EXPECT_EQ(run({"frobnicate"}).status, 125);
    EXPECT_EQ(run({"run", "--no-such-option", nexe("hello")}).status, 125);
}

} // namespace
